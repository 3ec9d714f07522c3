import type { Model } from 'mongoose';
import { RetryLaterError } from '../bus/listener';
import { isDuplicateKeyError } from './mongo';

export type VersionedApplyResult = 'applied' | 'duplicate' | 'too-new' | 'unknown';

/** What a listener can do with a version: apply it, or acknowledge it as a duplicate. */
export type VersionedEventResult = Extract<VersionedApplyResult, 'applied' | 'duplicate'>;

/**
 * Applies version `version` of a replicated record on top of version `version - 1`, atomically.
 * Version 0 creates the record. The result says what happened when it was not applied: an older or
 * equal version is a duplicate (acknowledge and ignore); a newer one, or a record not seen yet, must
 * wait for its predecessor (retry later).
 */
export async function applyVersionedCopy<T extends { _id: string; version: number }>(
  model: Model<T>,
  id: string,
  version: number,
  fields: Omit<Partial<T>, '_id' | 'version'>,
): Promise<VersionedApplyResult> {
  if (version === 0) {
    try {
      await model.create({ ...fields, _id: id, version } as never);
      return 'applied';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }
  const updated = await model.updateOne(
    { _id: id, version: version - 1 } as never,
    {
      $set: { ...fields, version },
    } as never,
  );
  if (updated.matchedCount === 1) return 'applied';
  const current = await model.findById(id, { version: 1 }).lean<{ version: number }>();
  if (!current) return 'unknown';
  return current.version >= version ? 'duplicate' : 'too-new';
}

/**
 * Applies an event's version of a replicated record, for a listener: a duplicate of a version applied
 * already changes nothing (acknowledge it); one that arrived before its predecessor, or before the
 * record's creation, throws `RetryLaterError` so the bus redelivers it until it applies.
 * `what` names the record in that error ("ticket", "order").
 */
export async function applyVersionedEvent<T extends { _id: string; version: number }>(
  model: Model<T>,
  id: string,
  version: number,
  fields: Omit<Partial<T>, '_id' | 'version'>,
  { what }: { what: string },
): Promise<VersionedEventResult> {
  const result = await applyVersionedCopy(model, id, version, fields);
  if (result === 'too-new' || result === 'unknown') {
    throw new RetryLaterError(`${what} ${id} v${version} arrived before its predecessor`);
  }
  return result;
}
