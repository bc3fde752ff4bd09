import type { ReactNode } from 'react';

export function AuthLayout({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <p className="brand" aria-hidden="true">
          <span className="brand-mark">▤</span> Stockroom
        </p>
        <h1>{title}</h1>
        {children}
        {footer && <footer className="auth-footer">{footer}</footer>}
      </div>
    </main>
  );
}
