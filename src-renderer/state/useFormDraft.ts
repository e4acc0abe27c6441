/**
 * A form's draft of an entity it is given (a policy, an app): starts from it, and starts over from
 * it whenever a new version arrives (saved here or changed elsewhere). The reset happens while
 * rendering, as React advises for state derived from a prop, so no frame ever shows the old draft.
 */
import { useState } from 'react';

export function useFormDraft<T, D>(entity: T, draftOf: (entity: T) => D): { draft: D; setDraft(draft: D): void; dirty: boolean } {
  const [base, setBase] = useState(entity);
  const [draft, setDraft] = useState(() => draftOf(entity));
  if (base !== entity) {
    setBase(entity);
    setDraft(draftOf(entity));
  }
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(entity));
  return { draft, setDraft, dirty };
}
