/** Errors the store raises on purpose: `code` says what kind, `message` is one line a user can act on. */
export type StoreErrorCode = 'not_found' | 'invalid' | 'locked' | 'unavailable' | 'conflict';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export const notFound = (what: string): StoreError => new StoreError('not_found', `${what} not found`);
export const invalid = (message: string): StoreError => new StoreError('invalid', message);
