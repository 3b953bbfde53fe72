import { useEffect, useState } from 'react';

export default function ProductGrid({ feedUrl }) {
  const [products, setProducts] = useState([]);

  useEffect(() => {
    fetch('/api/products')
      .then((res) => res.json())
      .then(setProducts);
    fetch('/api/products/featured').then((res) => res.json());
  }, []);

  useEffect(() => {
    // the URL comes from a prop: routelink cannot check it
    fetch(feedUrl).then((res) => res.json());
  }, [feedUrl]);

  const removeProduct = (id) =>
    fetch(`/api/products/${id}`, { method: 'DELETE' });

  const loadCart = () => fetch('/api/cart').then((res) => res.json());

  // a third-party API: not ours, ignored
  const loadStars = () => fetch('https://api.github.com/repos/acme/shop');

  return (
    <div>
      {products.map((p) => (
        <div key={p.id} onClick={() => removeProduct(p.id)}>{p.name}</div>
      ))}
      <button onClick={loadCart}>Cart</button>
      <button onClick={loadStars}>Stars</button>
    </div>
  );
}
