/** The compile-time check of a form's zod schema against its route's body (no browser code: the unit tests import it). */
import type { FieldValues } from 'react-hook-form';
import type * as z from 'zod/mini';

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** What does not fit between a form's parsed values and the body it sends: `never` when everything does. */
type Misfits<Values, Body, Local extends PropertyKey, Given extends PropertyKey> =
  | { [K in Exclude<keyof Values, keyof Body | Local>]: `${K & string} is not a field of the body` }[Exclude<keyof Values, keyof Body | Local>]
  | { [K in keyof Values & keyof Body]: Values[K] extends Body[K] ? never : `${K & string} does not fit the body's type` }[keyof Values & keyof Body]
  | { [K in Exclude<RequiredKeys<Body>, keyof Values | Given>]: `the body requires ${K & string}` }[Exclude<RequiredKeys<Body>, keyof Values | Given>];

/**
 * A form's schema, checked at compile time against the body of its route (`Body<…>` from models.ts): every value it
 * parses to is a field of the body with a type the body takes, and every field the body requires is in the form.
 * `local` names the fields only the form has (a repeated password); `given` the body's fields sent from elsewhere (the
 * link's token). A misfit reads as a type error naming the field.
 */
export const bodySchema =
  <Body,>() =>
  <S extends z.ZodMiniType<FieldValues, FieldValues>, const Local extends string = never, const Given extends keyof Body = never>(
    schema: S & ([Misfits<z.output<S>, Body, Local, Given>] extends [never] ? unknown : Misfits<z.output<S>, Body, Local, Given>),
    _fields?: { local?: readonly Local[]; given?: readonly Given[] },
  ): S =>
    schema;
