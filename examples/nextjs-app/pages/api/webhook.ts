import type { NextApiRequest, NextApiResponse } from 'next';

// A Pages Router API route next to the App Router: the payment provider POSTs here.
export default async function handler(req: NextApiRequest, res: NextApiResponse) { // routelink-ignore: unused-route -- called by the payment provider
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return res.status(405).end();
  }
  res.status(200).json({ received: true });
}
