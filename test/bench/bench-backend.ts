/** The benchmark's backend, in its own process: a tiny fixed JSON answer. Prints its port. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const body = Buffer.from('{"hello":"world"}');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
