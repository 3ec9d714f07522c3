// Stands in for `server-only` when a test reads the website's config schema in Node.
module.exports = {};
