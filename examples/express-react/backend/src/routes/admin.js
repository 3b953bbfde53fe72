// Admin endpoints. TODO: mount once the admin UI ships.
const { Router } = require('express');

const router = Router();

router.get('/stats', (req, res) => res.json({ users: 0, orders: 0 }));
router.post('/reindex', (req, res) => res.sendStatus(202));

module.exports = router;
