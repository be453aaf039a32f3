-- AI, part 1: the knowledge the assistant answers from (questions and their answers, written by the tenant's team).
-- Tenant-owned under forced RLS. The question and the answer are stored as written, and beside them as the terms the
-- retrieval scores (normalised by the application when the entry is written: folded accents, no stop words, plurals
-- stemmed), so answering a customer reads terms instead of normalising every entry again.

create table ai_knowledge_entries (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  question text not null,
  answer text not null,
  tags text[] not null default '{}',
  enabled boolean not null default true,
  question_terms text[] not null default '{}',
  answer_terms text[] not null default '{}',
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint ai_knowledge_entries_question_check check (length(question) between 1 and 500),
  constraint ai_knowledge_entries_answer_check check (length(answer) between 1 and 4096),
  constraint ai_knowledge_entries_tags_check check (cardinality(tags) <= 20)
);
call make_tenant_owned('ai_knowledge_entries');
-- The assistant reads a tenant's enabled entries; the console lists them newest first.
create index ai_knowledge_entries_enabled on ai_knowledge_entries (tenant_id, enabled);
create index ai_knowledge_entries_list on ai_knowledge_entries (tenant_id, created_at desc, id);
