import { Error as MongooseError } from 'mongoose';
import { ConflictError } from '../errors/app-error';
import { retryOnVersionConflict } from './version-conflict';

const lostRace = () =>
  new MongooseError.VersionError({ _doc: { _id: 'doc' } } as never, 1, ['title']);

describe('retrying a read-modify-save that lost an optimistic-concurrency race', () => {
  it('when a save loses a race and then wins, then it is run again and its result returned', async () => {
    let attempts = 0;

    const result = await retryOnVersionConflict(async () => {
      attempts++;
      if (attempts < 3) throw lostRace();
      return 'saved';
    });

    expect(result).toBe('saved');
    expect(attempts).toBe(3);
  });

  it('when every save loses its race, then it gives up with 409 after five attempts', async () => {
    let attempts = 0;

    const change = retryOnVersionConflict(async () => {
      attempts++;
      throw lostRace();
    });

    await expect(change).rejects.toBeInstanceOf(ConflictError);
    await expect(change).rejects.toMatchObject({ statusCode: 409 });
    expect(attempts).toBe(5);
  });

  it('when it fails for another reason, then that error is thrown at once', async () => {
    let attempts = 0;
    const failure = new Error('database unreachable');

    const change = retryOnVersionConflict(async () => {
      attempts++;
      throw failure;
    });

    await expect(change).rejects.toBe(failure);
    expect(attempts).toBe(1);
  });
});
