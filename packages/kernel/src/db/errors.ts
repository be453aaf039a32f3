import { AppError, checkConstraintField, errorSpec, isErrorCode, uniqueConstraint, type ErrorCode } from '../errors.ts';

/**
 * Maps a PostgreSQL error (from either driver) to an AppError; anything unknown is rethrown untouched (a 500).
 * Constraint names mean what the module that owns the table says (defineErrors' unique and checks); SQL functions
 * raise SO400/SO404/SO409 with a registered code as MESSAGE and JSON details.
 */
interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  message: string;
}

function isPgError(err: unknown): err is PgErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as PgErrorLike).code === 'string' && 'message' in err;
}

function parseDetail(detail: string | undefined): Record<string, unknown> | undefined {
  if (!detail) return undefined;
  try {
    const value: unknown = JSON.parse(detail);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function mapDbError(err: unknown): unknown {
  if (err instanceof AppError || !isPgError(err)) return err;
  const code = err.code!;
  if (code.startsWith('SO')) {
    const details = parseDetail(err.detail);
    const fallback: ErrorCode = code === 'SO409' ? 'already_exists' : code === 'SO404' ? 'not_found' : 'validation_failed';
    const appCode: ErrorCode = isErrorCode(err.message) ? err.message : fallback;
    let message = errorSpec(appCode).message ?? 'Invalid input';
    if (appCode.endsWith('_transition_not_allowed') && details) {
      message = `A ${String(details.entity)} cannot go from ${String(details.from)} to ${String(details.to)}`;
    } else if (appCode === 'validation_failed' && details?.field) {
      message = `${String(details.field)}: ${String(details.problem ?? 'invalid value')}`;
    } else if (appCode === 'not_found' && details?.entity) {
      message = `${String(details.entity)} not found`;
    }
    return new AppError(appCode, message, details, { cause: err });
  }
  switch (code) {
    case '23505': {
      const [appCode, message] = uniqueConstraint(err.constraint ?? '') ?? ['already_exists', 'Already exists'];
      return new AppError(appCode, message, undefined, { cause: err });
    }
    case '23514': {
      const field = err.constraint === 'rut_check' ? 'rut' : checkConstraintField(err.constraint ?? '');
      if (field === 'rut') return new AppError('invalid_rut', 'RUT is not valid (modulo 11)', { field: 'rut' }, { cause: err });
      return new AppError('validation_failed', field ? `${field}: invalid value` : 'Invalid value', field ? { field } : undefined, {
        cause: err,
      });
    }
    case '23503':
      if (err.constraint?.endsWith('_plan_fkey')) {
        return new AppError('validation_failed', 'plan: unknown plan', { field: 'plan' }, { cause: err });
      }
      return new AppError('not_found', 'Not found', undefined, { cause: err });
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('validation_failed', 'Invalid value', undefined, { cause: err });
    case '42501':
      // Row-level security refused the row: it belongs to another tenant. Never say that it exists.
      return new AppError('not_found', 'Not found', undefined, { cause: err });
    case '57P01':
    case '57P03':
    case '08000':
    case '08001':
    case '08003':
    case '08006':
    case '53300':
      return new AppError('unavailable', 'The database is not available right now', undefined, { cause: err });
    default:
      return err;
  }
}
