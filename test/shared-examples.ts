import path from 'node:path';

/** ../shared/apig/examples beside the checkout: the real APIG files the tests import (CI lays shared/ there too). */
export const SHARED_EXAMPLES = path.resolve(__dirname, '..', '..', 'shared', 'apig', 'examples');
