/**
 * Choices the workbench makes where the APIG guide does not say how the function event is filled
 * (runtime.md §1.3, all [U]). One list for the gateway (which notes each case in the trace of a
 * request that hits it) and the authorizer editor (which shows them beside the test event).
 */
export const EVENT_SHAPE_CHOICES = {
  rawPath: 'event.path is the path as received, still percent-encoded; pathParameters hold the decoded values.',
  bodyLeftOut: 'An event without a body (an authorizer without need_body) has isBase64Encoded false, even when the request had a body.',
  repeatedQuery: 'A query parameter sent once is a string; sent several times, an array of its values in order.',
  repeatedHeader: 'A header sent several times is one string, its values joined with ", ".',
} as const;

export type EventShapeChoice = keyof typeof EVENT_SHAPE_CHOICES;
