/**
 * The built-in echo backend: a workspace with it turned on (the sample) has a `#echo_host#` variable
 * per environment pointing at it, so an HTTP backend at `#echo_host#` answers with the request it got.
 * Shared so the API editor can offer it to a new API instead of an address where nothing listens.
 */
export const ECHO_HOST_VARIABLE = 'echo_host';
export const ECHO_BACKEND_ADDRESS = `#${ECHO_HOST_VARIABLE}#`;
