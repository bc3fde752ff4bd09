import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { AnonymousOnly, RequireSession } from './layout/guards';
import { Layout } from './layout/Layout';
import { OrganizationProvider } from './session/OrganizationProvider';
import { LogInPage } from './screens/auth/LogInPage';
import { SignUpPage } from './screens/auth/SignUpPage';
import { ForgotPasswordPage } from './screens/auth/ForgotPasswordPage';
import { ResetPasswordPage } from './screens/auth/ResetPasswordPage';
import { VerifyEmailPage } from './screens/auth/VerifyEmailPage';
import { AcceptInvitationPage } from './screens/auth/AcceptInvitationPage';
import { ItemsPage } from './screens/items/ItemsPage';
import { ItemPage } from './screens/item/ItemPage';
import { StockFormPage } from './screens/stock/StockFormPage';
import { LocationsPage } from './screens/locations/LocationsPage';
import { TeamPage } from './screens/team/TeamPage';
import { NotFoundPage } from './screens/NotFoundPage';

// Screens away from the daily stock work load on first visit.
const OverviewPage = lazy(() => import('./screens/overview/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const LowStockPage = lazy(() => import('./screens/lowstock/LowStockPage').then((m) => ({ default: m.LowStockPage })));
const PurchaseOrdersPage = lazy(() => import('./screens/purchasing/PurchaseOrdersPage').then((m) => ({ default: m.PurchaseOrdersPage })));
const PurchaseOrderPage = lazy(() => import('./screens/purchasing/PurchaseOrderPage').then((m) => ({ default: m.PurchaseOrderPage })));
const ReorderPage = lazy(() => import('./screens/purchasing/ReorderPage').then((m) => ({ default: m.ReorderPage })));
const SalesOrdersPage = lazy(() => import('./screens/sales/SalesOrdersPage').then((m) => ({ default: m.SalesOrdersPage })));
const SalesOrderPage = lazy(() => import('./screens/sales/SalesOrderPage').then((m) => ({ default: m.SalesOrderPage })));
const PurchaseOrderFormPage = lazy(() => import('./screens/purchasing/PurchaseOrderFormPage').then((m) => ({ default: m.PurchaseOrderFormPage })));
const SalesOrderFormPage = lazy(() => import('./screens/sales/SalesOrderFormPage').then((m) => ({ default: m.SalesOrderFormPage })));
const InvoicesPage = lazy(() => import('./screens/invoices/InvoicesPage').then((m) => ({ default: m.InvoicesPage })));
const InvoicePage = lazy(() => import('./screens/invoices/InvoicePage').then((m) => ({ default: m.InvoicePage })));
const PartnersPage = lazy(() => import('./screens/partners/PartnersPage').then((m) => ({ default: m.PartnersPage })));
const CategoriesPage = lazy(() => import('./screens/categories/CategoriesPage').then((m) => ({ default: m.CategoriesPage })));
const OrganizationSettingsPage = lazy(() => import('./screens/settings/OrganizationSettingsPage').then((m) => ({ default: m.OrganizationSettingsPage })));
const ApiKeysPage = lazy(() => import('./screens/settings/ApiKeysPage').then((m) => ({ default: m.ApiKeysPage })));
const AuditLogPage = lazy(() => import('./screens/settings/AuditLogPage').then((m) => ({ default: m.AuditLogPage })));
const BillingPage = lazy(() => import('./screens/settings/BillingPage').then((m) => ({ default: m.BillingPage })));
const WebhooksPage = lazy(() => import('./screens/settings/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));
const WebhookPage = lazy(() => import('./screens/settings/WebhookPage').then((m) => ({ default: m.WebhookPage })));

function SignedIn() {
  return (
    <OrganizationProvider>
      <Layout />
    </OrganizationProvider>
  );
}

export function App() {
  return (
    <Routes>
      <Route element={<AnonymousOnly />}>
        <Route path="/login" element={<LogInPage />} />
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      </Route>
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/verify-email" element={<VerifyEmailPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
      <Route element={<RequireSession />}>
        <Route element={<SignedIn />}>
          <Route index element={<OverviewPage />} />
          <Route path="/items" element={<ItemsPage />} />
          <Route path="/items/:id" element={<ItemPage />} />
          <Route path="/stock" element={<StockFormPage />} />
          <Route path="/locations" element={<LocationsPage />} />
          <Route path="/low-stock" element={<LowStockPage />} />
          <Route path="/team" element={<TeamPage />} />
          <Route path="/purchasing/orders" element={<PurchaseOrdersPage />} />
          <Route path="/purchasing/orders/new" element={<PurchaseOrderFormPage />} />
          <Route path="/purchasing/orders/:id" element={<PurchaseOrderPage />} />
          <Route path="/purchasing/orders/:id/edit" element={<PurchaseOrderFormPage />} />
          <Route path="/purchasing/reorder" element={<ReorderPage />} />
          <Route path="/sales/orders" element={<SalesOrdersPage />} />
          <Route path="/sales/orders/new" element={<SalesOrderFormPage />} />
          <Route path="/sales/orders/:id" element={<SalesOrderPage />} />
          <Route path="/sales/orders/:id/edit" element={<SalesOrderFormPage />} />
          <Route path="/invoices" element={<InvoicesPage />} />
          <Route path="/invoices/:id" element={<InvoicePage />} />
          <Route path="/partners" element={<PartnersPage />} />
          <Route path="/categories" element={<CategoriesPage />} />
          <Route path="/settings/organization" element={<OrganizationSettingsPage />} />
          <Route path="/settings/api-keys" element={<ApiKeysPage />} />
          <Route path="/settings/audit" element={<AuditLogPage />} />
          <Route path="/settings/billing" element={<BillingPage />} />
          <Route path="/settings/webhooks" element={<WebhooksPage />} />
          <Route path="/settings/webhooks/:id" element={<WebhookPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
