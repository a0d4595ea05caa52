// Signs one request with the console's sigv4.js, with Web Crypto and with its JavaScript fallback,
// for ConsoleSigningTest to compare with io.swfd.auth.SigV4. Input: a JSON object as argv[2].
'use strict';
const SigV4 = require(process.argv[3]);
const input = JSON.parse(process.argv[2]);
(async () => {
  const req = { ...input, date: new Date(input.date) };
  const web = await SigV4.sign({ ...req, forceJs: false });
  const js = await SigV4.sign({ ...req, forceJs: true });
  console.log(JSON.stringify({ webCrypto: SigV4.webCrypto, web, js }));
})().catch((e) => { console.error(e); process.exit(1); });
