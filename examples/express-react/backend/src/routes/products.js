const express = require('express');

const router = express.Router();

router.get('/', (req, res) => {
  res.json([]);
});

router.get(['/featured', '/top'], (req, res) => {
  res.json([]);
});

router.get('/:productId', (req, res) => {
  res.json({ id: req.params.productId });
});

module.exports = router;
