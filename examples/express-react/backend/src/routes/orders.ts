import express from 'express';

export const ordersRouter = express.Router();

const ORDER = '/:orderId';

ordersRouter.get('/', async (_req, res) => {
  res.json([]);
});

ordersRouter.get(ORDER, async (req, res) => {
  res.json({ id: req.params.orderId });
});

ordersRouter.post('/', async (req, res) => {
  res.status(201).json(req.body);
});

ordersRouter.patch(`${ORDER}/status`, async (req, res) => {
  res.json({ id: req.params.orderId, status: req.body.status });
});

// copy-pasted during a refactor: never runs, the first POST '/' wins
ordersRouter.post('/', async (req, res) => {
  res.status(201).json({ legacy: true });
});
