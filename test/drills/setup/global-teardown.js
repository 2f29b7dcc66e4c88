'use strict';
// After the drills: their servers stop (ONESCALE_KEEP_INFRA=1 keeps them for a look at the data).
module.exports = async function globalTeardown() {
  if (process.env.ONESCALE_KEEP_INFRA) return;
  const infra = require('../../../tools/infra');
  await infra.down({ log: (line) => process.stderr.write(`[drills] ${line}\n`) });
};
