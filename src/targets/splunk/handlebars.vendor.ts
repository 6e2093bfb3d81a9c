// Handlebars, re-exported from one module that `npm run compile` bundles into a single file
// (scripts/bundle-vendor.mjs): it loads in a fraction of the time its many CommonJS files take.

import Handlebars from 'handlebars';

export default Handlebars;
