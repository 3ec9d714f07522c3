import { Error as MongooseError } from 'mongoose';
import { ConflictError } from '../errors/app-error';

const ATTEMPTS = 5;

/**
 * Runs a read-modify-save again, from the read, when its save lost an optimistic-concurrency race
 * (another writer saved the document in between), so no change is ever written over a version it
 * did not see. Gives up with 409 after a few lost races in a row.
 */
export async function retryOnVersionConflict<T>(readModifySave: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readModifySave();
    } catch (err) {
      if (!(err instanceof MongooseError.VersionError)) throw err;
      if (attempt === ATTEMPTS) throw new ConflictError();
    }
  }
}
