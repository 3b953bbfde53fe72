import express from 'express';
import cors from 'cors';
import usersRouter from './routes/users';
import { ordersRouter } from './routes/orders';
import { requireAuth } from './middleware/auth';

const productRoutes = require('./routes/products');

const app = express();

app.use(cors());
app.use(express.json());

app.get('/health', (_req, res) => {
  res.json({ ok: true });
});

app.use('/api/users', usersRouter);
app.use('/api/orders', requireAuth, ordersRouter);
// the v2 storefront reads the same catalogue
app.use('/api/products', productRoutes);
app.use('/api/v2/products', productRoutes);

const PORT = process.env.PORT || 4000;
app.listen(PORT, () => console.log(`shop-api listening on ${PORT}`));
