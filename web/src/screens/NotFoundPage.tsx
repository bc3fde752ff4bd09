import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section className="page narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address. <Link to="/items">Go to the items</Link>.</p>
    </section>
  );
}
