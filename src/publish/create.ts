// Creating an object is not safe to repeat blindly: when a create fails in a way that leaves
// its fate unknown (a 5xx, a reset, a timeout), look whether it landed before trying again.

import { PublishError } from './http.js';

export async function createWithoutDuplicates(create: () => Promise<void>, landed: () => Promise<boolean>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await create();
      return;
    } catch (e) {
      const unknownFate = !(e instanceof PublishError) || e.status === undefined || e.status >= 500;
      if (!unknownFate || attempt >= attempts) throw e;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt * (0.5 + Math.random() / 2)));
      if (await landed()) return;
    }
  }
}
