// `npm run fake:webpay`: Transbank's Webpay Plus contract fake on a loopback port, for trying a payment end to end with
// no network and no Transbank account. Its payment form has «Pagar», «Rechazar» and «Anular» buttons.
import { startWebpay } from './webpay.ts';

const port = Number(process.env.PORT ?? 4010);
const fake = await startWebpay({ port });
process.stdout.write(
  `Webpay Plus (contract fake) at ${fake.url}\n` +
    `Start SmarterOS against it:\n  SMARTEROS_WEBPAY_URL=${fake.url} SMARTEROS_EGRESS_ALLOW=127.0.0.0/8 npm start\n` +
    'Ctrl-C stops it.\n',
);
const stop = () => void fake.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
