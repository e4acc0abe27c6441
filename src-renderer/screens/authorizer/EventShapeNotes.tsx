/**
 * How the local gateway fills the parts of the event the APIG guide leaves open, shown under the
 * test event so a function is not written against a choice APIG may make differently.
 */
import { EVENT_SHAPE_CHOICES } from '../../../src-shared/apig/event-shape';

export function EventShapeNotes() {
  return (
    <details className="muted" data-testid="event-shape-notes">
      <summary>How the local gateway fills this event where APIG does not document it</summary>
      <ul>
        {Object.entries(EVENT_SHAPE_CHOICES).map(([id, text]) => (
          <li key={id}>{text}</li>
        ))}
      </ul>
    </details>
  );
}
