// Errors the user can fix. The CLI prints their message without a stack trace and exits 1;
// anything else is a polydash bug and exits 2.

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A builder was called with arguments it cannot accept. */
export class DefinitionUsageError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionUsageError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
