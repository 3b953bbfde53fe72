import { Router, Request, Response } from 'express';
import { requireAuth } from '../middleware/auth';

const router = Router();

async function listUsers(_req: Request, res: Response) {
  res.json([]);
}

async function getUser(req: Request, res: Response) {
  res.json({ id: req.params.id });
}

router.get('/', listUsers);
router.get('/:id', requireAuth, getUser);
// registered after '/:id', which already captures '/search'
router.get('/search', async (req, res) => {
  res.json({ q: req.query.q });
});
router.post('/', requireAuth, async (req, res) => {
  res.status(201).json(req.body);
});
router
  .route('/:id/avatar')
  .get(async (req, res) => res.sendFile(`${req.params.id}.png`))
  .put(requireAuth, async (req, res) => res.sendStatus(204));
router.delete('/:id', requireAuth, async (req, res) => {
  res.sendStatus(204);
});

export default router;
