/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  subscription StockChanged {\n    stockChanged {\n      quantity\n      location {\n        id\n        name\n      }\n      item {\n        id\n        quantity\n        available\n      }\n    }\n  }\n": typeof types.StockChangedDocument,
    "\n  mutation NewOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.NewOrganizationDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    expiresIn\n    refreshToken\n    organization {\n      id\n      name\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.LogInDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      id\n      email\n      emailVerified\n    }\n  }\n": typeof types.VerifyEmailDocument,
    "\n  mutation AcceptInvitation($token: String!, $name: String, $password: String) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      role\n      organization {\n        id\n        name\n      }\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  query Categories($includeArchived: Boolean!) {\n    categories(includeArchived: $includeArchived) {\n      id\n      name\n      archived\n    }\n  }\n": typeof types.CategoriesDocument,
    "\n  mutation CreateCategory($input: CategoryInput!) {\n    createCategory(input: $input) {\n      id\n      name\n      archived\n    }\n  }\n": typeof types.CreateCategoryDocument,
    "\n  mutation UpdateCategory($id: ID!, $input: CategoryInput!) {\n    updateCategory(id: $id, input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.UpdateCategoryDocument,
    "\n  mutation ArchiveCategory($id: ID!) {\n    archiveCategory(id: $id) {\n      id\n      archived\n    }\n  }\n": typeof types.ArchiveCategoryDocument,
    "\n  mutation UnarchiveCategory($id: ID!) {\n    unarchiveCategory(id: $id) {\n      id\n      archived\n    }\n  }\n": typeof types.UnarchiveCategoryDocument,
    "\n  query Invoices($first: Int!, $after: String, $filter: InvoiceFilterInput) {\n    invoices(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          number\n          status\n          total\n          currency\n          dueDate\n          createdAt\n          customer {\n            id\n            name\n          }\n          salesOrder {\n            id\n            number\n          }\n        }\n      }\n    }\n  }\n": typeof types.InvoicesDocument,
    "\n  fragment InvoiceFields on Invoice {\n    id\n    kind\n    number\n    status\n    currency\n    subtotal\n    taxTotal\n    total\n    amountPaid\n    dueDate\n    note\n    createdAt\n    issuedAt\n    paidAt\n    voidedAt\n    sentAt\n    pdfUrl\n    htmlUrl\n    customer {\n      id\n      name\n      email\n    }\n    salesOrder {\n      id\n      number\n    }\n    creditsInvoice {\n      id\n      number\n    }\n    creditNotes {\n      id\n      number\n      status\n    }\n    taxes {\n      name\n      percent\n      amount\n    }\n    lines {\n      id\n      sku\n      name\n      quantity\n      unitPrice\n      discountPercent\n      taxName\n      taxPercent\n      netAmount\n      taxAmount\n    }\n  }\n": typeof types.InvoiceFieldsFragmentDoc,
    "\n  query Invoice($id: ID!) {\n    invoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n": typeof types.InvoiceDocument,
    "\n  mutation IssueInvoice($id: ID!) {\n    issueInvoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n": typeof types.IssueInvoiceDocument,
    "\n  mutation MarkInvoicePaid($id: ID!, $paidAt: DateTime) {\n    markInvoicePaid(id: $id, paidAt: $paidAt) {\n      ...InvoiceFields\n    }\n  }\n": typeof types.MarkInvoicePaidDocument,
    "\n  mutation VoidInvoice($id: ID!) {\n    voidInvoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n": typeof types.VoidInvoiceDocument,
    "\n  mutation SendInvoice($id: ID!, $resend: Boolean!) {\n    sendInvoice(id: $id, resend: $resend) {\n      ...InvoiceFields\n    }\n  }\n": typeof types.SendInvoiceDocument,
    "\n  query ItemPage($id: ID!) {\n    item(id: $id) {\n      id\n      sku\n      name\n      description\n      barcode\n      unit\n      cost\n      price\n      safetyStock\n      imageUrl\n      archived\n      updatedAt\n      quantity\n      available\n      reserved\n      onOrder\n      daysOfCover\n      turnover\n      leadTimeDays\n      reorderPoint\n      reorderQuantity\n      category {\n        id\n        name\n      }\n      preferredSupplier {\n        id\n        name\n      }\n      attributes {\n        key\n        label\n        value\n      }\n      stockLevels {\n        quantity\n        reserved\n        available\n        onOrder\n        updatedAt\n        location {\n          id\n          name\n        }\n      }\n    }\n    locations {\n      id\n      name\n    }\n  }\n": typeof types.ItemPageDocument,
    "\n  query ItemHistory($itemId: ID!, $first: Int!, $after: String) {\n    stockTransactions(first: $first, after: $after, filter: { itemId: $itemId }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          occurredAt\n          note\n          partner {\n            id\n            name\n          }\n          source {\n            kind\n            id\n            reference\n          }\n          lines {\n            quantity\n            item {\n              id\n            }\n            location {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ItemHistoryDocument,
    "\n  query PastQuantity($itemId: ID!, $locationId: ID!, $at: DateTime!) {\n    pastQuantity(itemId: $itemId, locationId: $locationId, at: $at)\n  }\n": typeof types.PastQuantityDocument,
    "\n  query EditItemData {\n    categories {\n      id\n      name\n    }\n    partners {\n      id\n      name\n      kind\n    }\n  }\n": typeof types.EditItemDataDocument,
    "\n  mutation UpdateItem($id: ID!, $input: UpdateItemInput!) {\n    updateItem(id: $id, input: $input) {\n      id\n      sku\n      name\n      description\n      barcode\n      unit\n      cost\n      price\n      safetyStock\n      imageUrl\n      updatedAt\n      leadTimeDays\n      reorderPoint\n      reorderQuantity\n      category {\n        id\n        name\n      }\n      preferredSupplier {\n        id\n        name\n      }\n    }\n  }\n": typeof types.UpdateItemDocument,
    "\n  query Items($first: Int!, $after: String, $filter: ItemFilterInput, $orderBy: ItemOrderInput) {\n    items(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          sku\n          name\n          barcode\n          unit\n          quantity\n          available\n          safetyStock\n          category {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.ItemsDocument,
    "\n  query ItemFilters {\n    locations {\n      id\n      name\n    }\n    categories {\n      id\n      name\n    }\n  }\n": typeof types.ItemFiltersDocument,
    "\n  mutation CreateItem($input: CreateItemInput!) {\n    createItem(input: $input) {\n      id\n      sku\n      name\n    }\n  }\n": typeof types.CreateItemDocument,
    "\n  query Locations($includeArchived: Boolean!) {\n    locations(includeArchived: $includeArchived) {\n      id\n      name\n      address\n      archived\n    }\n  }\n": typeof types.LocationsDocument,
    "\n  mutation CreateLocation($input: LocationInput!) {\n    createLocation(input: $input) {\n      id\n      name\n      address\n      archived\n    }\n  }\n": typeof types.CreateLocationDocument,
    "\n  mutation ArchiveLocation($id: ID!) {\n    archiveLocation(id: $id) {\n      id\n      archived\n    }\n  }\n": typeof types.ArchiveLocationDocument,
    "\n  mutation UnarchiveLocation($id: ID!) {\n    unarchiveLocation(id: $id) {\n      id\n      archived\n    }\n  }\n": typeof types.UnarchiveLocationDocument,
    "\n  query LowStock {\n    lowStockItems {\n      id\n      sku\n      name\n      unit\n      quantity\n      safetyStock\n      onOrder\n      preferredSupplier {\n        id\n        name\n      }\n      stockLevels {\n        quantity\n        location {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.LowStockDocument,
    "\n  query Overview($from: Date!, $to: Date!) {\n    organization {\n      id\n      currency\n    }\n    inventorySummary {\n      itemCount\n      totalQuantity\n      totalValue\n      lowStockCount\n    }\n    salesSummary(from: $from, to: $to, groupBy: DAY) {\n      totalQuantity\n      totalRevenue\n      rows {\n        key\n        label\n        quantity\n        revenue\n      }\n    }\n    topItems(from: $from, to: $to, limit: 5) {\n      key\n      label\n      quantity\n      revenue\n    }\n    stockValueHistory(from: $from, to: $to) {\n      day\n      value\n    }\n  }\n": typeof types.OverviewDocument,
    "\n  fragment PartnerFields on Partner {\n    id\n    name\n    kind\n    email\n    phone\n    address\n    notes\n    archived\n  }\n": typeof types.PartnerFieldsFragmentDoc,
    "\n  query Partners($kind: PartnerKind, $includeArchived: Boolean!) {\n    partners(kind: $kind, includeArchived: $includeArchived) {\n      ...PartnerFields\n    }\n  }\n": typeof types.PartnersDocument,
    "\n  mutation CreatePartner($input: PartnerInput!) {\n    createPartner(input: $input) {\n      ...PartnerFields\n    }\n  }\n": typeof types.CreatePartnerDocument,
    "\n  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {\n    updatePartner(id: $id, input: $input) {\n      ...PartnerFields\n    }\n  }\n": typeof types.UpdatePartnerDocument,
    "\n  mutation ArchivePartner($id: ID!) {\n    archivePartner(id: $id) {\n      id\n      archived\n    }\n  }\n": typeof types.ArchivePartnerDocument,
    "\n  mutation UnarchivePartner($id: ID!) {\n    unarchivePartner(id: $id) {\n      id\n      archived\n    }\n  }\n": typeof types.UnarchivePartnerDocument,
    "\n  query PurchaseOrders($first: Int!, $after: String, $filter: PurchaseOrderFilterInput) {\n    purchaseOrders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          status\n          totalCost\n          createdAt\n          expectedAt\n          supplier {\n            id\n            name\n          }\n          location {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.PurchaseOrdersDocument,
    "\n  query PurchaseOrder($id: ID!) {\n    purchaseOrder(id: $id) {\n      id\n      number\n      status\n      note\n      totalCost\n      createdAt\n      expectedAt\n      submittedAt\n      closedAt\n      cancelledAt\n      supplier {\n        id\n        name\n        email\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        received\n        outstanding\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n      receipts {\n        id\n        occurredAt\n        lines {\n          quantity\n          item {\n            id\n            name\n          }\n        }\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n": typeof types.PurchaseOrderDocument,
    "\n  mutation SubmitPurchaseOrder($id: ID!, $emailSupplier: Boolean!) {\n    submitPurchaseOrder(id: $id, emailSupplier: $emailSupplier) {\n      id\n      status\n      submittedAt\n    }\n  }\n": typeof types.SubmitPurchaseOrderDocument,
    "\n  mutation CancelPurchaseOrder($id: ID!) {\n    cancelPurchaseOrder(id: $id) {\n      id\n      status\n      cancelledAt\n    }\n  }\n": typeof types.CancelPurchaseOrderDocument,
    "\n  mutation ReceivePurchaseOrder($input: ReceivePurchaseOrderInput!) {\n    receivePurchaseOrder(input: $input) {\n      purchaseOrder {\n        id\n        status\n        lines {\n          id\n          received\n          outstanding\n        }\n      }\n      transaction {\n        id\n      }\n    }\n  }\n": typeof types.ReceivePurchaseOrderDocument,
    "\n  query Reorder($locationId: ID!) {\n    reorderSuggestions(locationId: $locationId) {\n      supplier {\n        id\n        name\n      }\n      suggestions {\n        available\n        onOrder\n        inDrafts\n        reorderPoint\n        salesPerDay\n        leadTimeDays\n        suggestedQuantity\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n    }\n  }\n": typeof types.ReorderDocument,
    "\n  query ReorderLocations {\n    locations {\n      id\n      name\n    }\n  }\n": typeof types.ReorderLocationsDocument,
    "\n  mutation CreateDrafts($input: CreatePurchaseOrdersFromSuggestionsInput!) {\n    createPurchaseOrdersFromSuggestions(input: $input) {\n      id\n      number\n      supplier {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CreateDraftsDocument,
    "\n  query PurchaseOrderFormData {\n    partners {\n      id\n      name\n      kind\n    }\n    locations {\n      id\n      name\n    }\n  }\n": typeof types.PurchaseOrderFormDataDocument,
    "\n  mutation CreatePurchaseOrder($input: CreatePurchaseOrderInput!) {\n    createPurchaseOrder(input: $input) {\n      id\n      number\n    }\n  }\n": typeof types.CreatePurchaseOrderDocument,
    "\n  mutation UpdatePurchaseOrder($input: UpdatePurchaseOrderInput!) {\n    updatePurchaseOrder(input: $input) {\n      id\n      number\n      expectedAt\n      note\n      totalCost\n      updatedAt\n      supplier {\n        id\n        name\n        email\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        received\n        outstanding\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n    }\n  }\n": typeof types.UpdatePurchaseOrderDocument,
    "\n  mutation ClosePurchaseOrder($id: ID!) {\n    closePurchaseOrder(id: $id) {\n      id\n      status\n      closedAt\n    }\n  }\n": typeof types.ClosePurchaseOrderDocument,
    "\n  query SalesOrders($first: Int!, $after: String, $filter: SalesOrderFilterInput) {\n    salesOrders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          status\n          subtotal\n          createdAt\n          customer {\n            id\n            name\n          }\n          location {\n            id\n            name\n          }\n        }\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n": typeof types.SalesOrdersDocument,
    "\n  query SalesOrder($id: ID!) {\n    salesOrder(id: $id) {\n      id\n      number\n      status\n      note\n      subtotal\n      createdAt\n      confirmedAt\n      cancelledAt\n      customer {\n        id\n        name\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        shipped\n        outstanding\n        returned\n        invoiced\n        unitPrice\n        discountPercent\n        netAmount\n        taxRate {\n          id\n          name\n          percent\n        }\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n      shipments {\n        id\n        occurredAt\n        lines {\n          quantity\n          item {\n            id\n            name\n          }\n        }\n      }\n      returns {\n        id\n        note\n        createdAt\n        transaction {\n          id\n        }\n        creditNotes {\n          id\n          number\n        }\n      }\n      invoices {\n        id\n        number\n        kind\n        status\n        total\n        currency\n        dueDate\n        pdfUrl\n        htmlUrl\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n": typeof types.SalesOrderDocument,
    "\n  mutation ConfirmSalesOrder($id: ID!) {\n    confirmSalesOrder(id: $id) {\n      id\n      status\n      confirmedAt\n    }\n  }\n": typeof types.ConfirmSalesOrderDocument,
    "\n  mutation CancelSalesOrder($id: ID!) {\n    cancelSalesOrder(id: $id) {\n      id\n      status\n      cancelledAt\n    }\n  }\n": typeof types.CancelSalesOrderDocument,
    "\n  mutation ShipSalesOrder($input: ShipSalesOrderInput!) {\n    shipSalesOrder(input: $input) {\n      salesOrder {\n        id\n        status\n      }\n      transaction {\n        id\n      }\n    }\n  }\n": typeof types.ShipSalesOrderDocument,
    "\n  query SalesOrderFormData {\n    partners {\n      id\n      name\n      kind\n    }\n    locations {\n      id\n      name\n    }\n    taxRates {\n      id\n      name\n      percent\n    }\n  }\n": typeof types.SalesOrderFormDataDocument,
    "\n  mutation CreateSalesOrder($input: CreateSalesOrderInput!) {\n    createSalesOrder(input: $input) {\n      id\n      number\n    }\n  }\n": typeof types.CreateSalesOrderDocument,
    "\n  mutation UpdateSalesOrder($input: UpdateSalesOrderInput!) {\n    updateSalesOrder(input: $input) {\n      id\n      number\n      note\n      subtotal\n      updatedAt\n    }\n  }\n": typeof types.UpdateSalesOrderDocument,
    "\n  mutation CreateInvoice($input: CreateInvoiceInput!) {\n    createInvoice(input: $input) {\n      id\n      number\n      status\n    }\n  }\n": typeof types.CreateInvoiceDocument,
    "\n  mutation ReturnSalesOrder($input: ReturnSalesOrderInput!) {\n    returnSalesOrder(input: $input) {\n      salesOrder {\n        id\n        status\n      }\n      salesReturn {\n        id\n        creditNotes {\n          id\n          number\n        }\n      }\n    }\n  }\n": typeof types.ReturnSalesOrderDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    createdBy {\n      id\n      name\n      email\n      role\n    }\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation ReissueApiKey($input: ReissueApiKeyInput!) {\n    reissueApiKey(input: $input) {\n      key\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.ReissueApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilterInput) {\n    auditLog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          occurredAt\n          actor\n          actorApiKeyId\n          action\n          targetType\n          targetId\n          summary\n          ip\n        }\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  fragment OrganizationSettings on Organization {\n    id\n    name\n    currency\n    paymentTermsDays\n    address\n    logoUrl\n    purchaseOrderPrefix\n    salesOrderPrefix\n    invoicePrefix\n    creditNotePrefix\n    allowNegativeStock\n    allowOverReceipt\n    reorderCoverDays\n    digestTime\n    timeZone\n  }\n": typeof types.OrganizationSettingsFragmentDoc,
    "\n  query OrganizationSettingsPage {\n    organization {\n      ...OrganizationSettings\n    }\n  }\n": typeof types.OrganizationSettingsPageDocument,
    "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      ...OrganizationSettings\n    }\n  }\n": typeof types.UpdateOrganizationDocument,
    "\n  query TaxRates {\n    taxRates(includeArchived: true) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n": typeof types.TaxRatesDocument,
    "\n  mutation CreateTaxRate($input: CreateTaxRateInput!) {\n    createTaxRate(input: $input) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n": typeof types.CreateTaxRateDocument,
    "\n  mutation UpdateTaxRate($input: UpdateTaxRateInput!) {\n    updateTaxRate(input: $input) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n": typeof types.UpdateTaxRateDocument,
    "\n  query Billing {\n    organization {\n      id\n      name\n      plan\n      planName\n      subscriptionStatus\n      currentPeriodEnd\n      readOnly\n      limits {\n        members\n        items\n        locations\n      }\n      usage {\n        members\n        items\n        locations\n      }\n    }\n    plans {\n      id\n      name\n      limits {\n        members\n        items\n        locations\n      }\n    }\n  }\n": typeof types.BillingDocument,
    "\n  mutation Checkout($plan: String!) {\n    createCheckoutSession(plan: $plan) {\n      url\n    }\n  }\n": typeof types.CheckoutDocument,
    "\n  mutation BillingPortal {\n    createBillingPortalSession {\n      url\n    }\n  }\n": typeof types.BillingPortalDocument,
    "\n  fragment WebhookFields on WebhookEndpoint {\n    id\n    url\n    description\n    events\n    enabled\n    disabledReason\n    deliveredThroughSequence\n    consecutiveFailures\n    failingSince\n    nextAttemptAt\n    createdAt\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  query Webhooks {\n    webhookEndpoints {\n      ...WebhookFields\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  query Webhook($id: ID!) {\n    webhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n    webhookDeliveries(endpointId: $id, first: 30) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          eventType\n          sequence\n          attempt\n          status\n          statusCode\n          latencyMs\n          error\n          createdAt\n          attemptedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.WebhookDocument,
    "\n  mutation EnableWebhook($id: ID!) {\n    enableWebhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n  }\n": typeof types.EnableWebhookDocument,
    "\n  mutation DisableWebhook($id: ID!) {\n    disableWebhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n  }\n": typeof types.DisableWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  query StockFormData {\n    locations {\n      id\n      name\n    }\n    partners {\n      id\n      name\n      kind\n    }\n  }\n": typeof types.StockFormDataDocument,
    "\n  fragment StockLineItem on Item {\n    id\n    sku\n    name\n    unit\n    barcode\n    quantity\n    available\n    cost\n    price\n  }\n": typeof types.StockLineItemFragmentDoc,
    "\n  query ItemByBarcode($code: String!) {\n    itemByBarcode(code: $code) {\n      ...StockLineItem\n    }\n  }\n": typeof types.ItemByBarcodeDocument,
    "\n  query ItemSearch($search: String!) {\n    items(first: 8, filter: { search: $search }) {\n      nodes {\n        ...StockLineItem\n      }\n    }\n  }\n": typeof types.ItemSearchDocument,
    "\n  fragment RecordedTransaction on StockTransaction {\n    id\n    kind\n    occurredAt\n    lines {\n      quantity\n      location {\n        id\n        name\n      }\n      item {\n        id\n        name\n        quantity\n        available\n      }\n    }\n  }\n": typeof types.RecordedTransactionFragmentDoc,
    "\n  mutation StockIn($input: StockInInput!) {\n    stockIn(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n": typeof types.StockInDocument,
    "\n  mutation StockOut($input: StockOutInput!) {\n    stockOut(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n": typeof types.StockOutDocument,
    "\n  mutation AdjustStock($input: AdjustStockInput!) {\n    adjustStock(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n": typeof types.AdjustStockDocument,
    "\n  mutation MoveStock($input: MoveStockInput!) {\n    moveStock(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n": typeof types.MoveStockDocument,
    "\n  query Members {\n    members {\n      role\n      joinedAt\n      user {\n        id\n        name\n        email\n      }\n      locations {\n        id\n        name\n      }\n    }\n    locations {\n      id\n      name\n    }\n  }\n": typeof types.MembersDocument,
    "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n      mailedAt\n    }\n  }\n": typeof types.InvitationsDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      id\n      email\n      role\n    }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n": typeof types.RevokeInvitationDocument,
    "\n  mutation UpdateMemberRole($input: UpdateMemberRoleInput!) {\n    updateMemberRole(input: $input) {\n      role\n      user {\n        id\n      }\n    }\n  }\n": typeof types.UpdateMemberRoleDocument,
    "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n": typeof types.RemoveMemberDocument,
    "\n  mutation SetMemberLocations($input: SetMemberLocationsInput!) {\n    setMemberLocations(input: $input) {\n      user {\n        id\n      }\n      locations {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SetMemberLocationsDocument,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateOrganizationDocument,
    "\n  mutation RefreshSession($token: String!) {\n    refreshToken(token: $token) {\n      accessToken\n      expiresIn\n      refreshToken\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n": typeof types.LogOutDocument,
    "\n  query Me {\n    me {\n      user {\n        id\n        email\n        name\n        emailVerified\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.MeDocument,
};
const documents: Documents = {
    "\n  subscription StockChanged {\n    stockChanged {\n      quantity\n      location {\n        id\n        name\n      }\n      item {\n        id\n        quantity\n        available\n      }\n    }\n  }\n": types.StockChangedDocument,
    "\n  mutation NewOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      name\n    }\n  }\n": types.NewOrganizationDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    expiresIn\n    refreshToken\n    organization {\n      id\n      name\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.LogInDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      id\n      email\n      emailVerified\n    }\n  }\n": types.VerifyEmailDocument,
    "\n  mutation AcceptInvitation($token: String!, $name: String, $password: String) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      role\n      organization {\n        id\n        name\n      }\n      session {\n        ...SessionFields\n      }\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  query Categories($includeArchived: Boolean!) {\n    categories(includeArchived: $includeArchived) {\n      id\n      name\n      archived\n    }\n  }\n": types.CategoriesDocument,
    "\n  mutation CreateCategory($input: CategoryInput!) {\n    createCategory(input: $input) {\n      id\n      name\n      archived\n    }\n  }\n": types.CreateCategoryDocument,
    "\n  mutation UpdateCategory($id: ID!, $input: CategoryInput!) {\n    updateCategory(id: $id, input: $input) {\n      id\n      name\n    }\n  }\n": types.UpdateCategoryDocument,
    "\n  mutation ArchiveCategory($id: ID!) {\n    archiveCategory(id: $id) {\n      id\n      archived\n    }\n  }\n": types.ArchiveCategoryDocument,
    "\n  mutation UnarchiveCategory($id: ID!) {\n    unarchiveCategory(id: $id) {\n      id\n      archived\n    }\n  }\n": types.UnarchiveCategoryDocument,
    "\n  query Invoices($first: Int!, $after: String, $filter: InvoiceFilterInput) {\n    invoices(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          number\n          status\n          total\n          currency\n          dueDate\n          createdAt\n          customer {\n            id\n            name\n          }\n          salesOrder {\n            id\n            number\n          }\n        }\n      }\n    }\n  }\n": types.InvoicesDocument,
    "\n  fragment InvoiceFields on Invoice {\n    id\n    kind\n    number\n    status\n    currency\n    subtotal\n    taxTotal\n    total\n    amountPaid\n    dueDate\n    note\n    createdAt\n    issuedAt\n    paidAt\n    voidedAt\n    sentAt\n    pdfUrl\n    htmlUrl\n    customer {\n      id\n      name\n      email\n    }\n    salesOrder {\n      id\n      number\n    }\n    creditsInvoice {\n      id\n      number\n    }\n    creditNotes {\n      id\n      number\n      status\n    }\n    taxes {\n      name\n      percent\n      amount\n    }\n    lines {\n      id\n      sku\n      name\n      quantity\n      unitPrice\n      discountPercent\n      taxName\n      taxPercent\n      netAmount\n      taxAmount\n    }\n  }\n": types.InvoiceFieldsFragmentDoc,
    "\n  query Invoice($id: ID!) {\n    invoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n": types.InvoiceDocument,
    "\n  mutation IssueInvoice($id: ID!) {\n    issueInvoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n": types.IssueInvoiceDocument,
    "\n  mutation MarkInvoicePaid($id: ID!, $paidAt: DateTime) {\n    markInvoicePaid(id: $id, paidAt: $paidAt) {\n      ...InvoiceFields\n    }\n  }\n": types.MarkInvoicePaidDocument,
    "\n  mutation VoidInvoice($id: ID!) {\n    voidInvoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n": types.VoidInvoiceDocument,
    "\n  mutation SendInvoice($id: ID!, $resend: Boolean!) {\n    sendInvoice(id: $id, resend: $resend) {\n      ...InvoiceFields\n    }\n  }\n": types.SendInvoiceDocument,
    "\n  query ItemPage($id: ID!) {\n    item(id: $id) {\n      id\n      sku\n      name\n      description\n      barcode\n      unit\n      cost\n      price\n      safetyStock\n      imageUrl\n      archived\n      updatedAt\n      quantity\n      available\n      reserved\n      onOrder\n      daysOfCover\n      turnover\n      leadTimeDays\n      reorderPoint\n      reorderQuantity\n      category {\n        id\n        name\n      }\n      preferredSupplier {\n        id\n        name\n      }\n      attributes {\n        key\n        label\n        value\n      }\n      stockLevels {\n        quantity\n        reserved\n        available\n        onOrder\n        updatedAt\n        location {\n          id\n          name\n        }\n      }\n    }\n    locations {\n      id\n      name\n    }\n  }\n": types.ItemPageDocument,
    "\n  query ItemHistory($itemId: ID!, $first: Int!, $after: String) {\n    stockTransactions(first: $first, after: $after, filter: { itemId: $itemId }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          occurredAt\n          note\n          partner {\n            id\n            name\n          }\n          source {\n            kind\n            id\n            reference\n          }\n          lines {\n            quantity\n            item {\n              id\n            }\n            location {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ItemHistoryDocument,
    "\n  query PastQuantity($itemId: ID!, $locationId: ID!, $at: DateTime!) {\n    pastQuantity(itemId: $itemId, locationId: $locationId, at: $at)\n  }\n": types.PastQuantityDocument,
    "\n  query EditItemData {\n    categories {\n      id\n      name\n    }\n    partners {\n      id\n      name\n      kind\n    }\n  }\n": types.EditItemDataDocument,
    "\n  mutation UpdateItem($id: ID!, $input: UpdateItemInput!) {\n    updateItem(id: $id, input: $input) {\n      id\n      sku\n      name\n      description\n      barcode\n      unit\n      cost\n      price\n      safetyStock\n      imageUrl\n      updatedAt\n      leadTimeDays\n      reorderPoint\n      reorderQuantity\n      category {\n        id\n        name\n      }\n      preferredSupplier {\n        id\n        name\n      }\n    }\n  }\n": types.UpdateItemDocument,
    "\n  query Items($first: Int!, $after: String, $filter: ItemFilterInput, $orderBy: ItemOrderInput) {\n    items(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          sku\n          name\n          barcode\n          unit\n          quantity\n          available\n          safetyStock\n          category {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.ItemsDocument,
    "\n  query ItemFilters {\n    locations {\n      id\n      name\n    }\n    categories {\n      id\n      name\n    }\n  }\n": types.ItemFiltersDocument,
    "\n  mutation CreateItem($input: CreateItemInput!) {\n    createItem(input: $input) {\n      id\n      sku\n      name\n    }\n  }\n": types.CreateItemDocument,
    "\n  query Locations($includeArchived: Boolean!) {\n    locations(includeArchived: $includeArchived) {\n      id\n      name\n      address\n      archived\n    }\n  }\n": types.LocationsDocument,
    "\n  mutation CreateLocation($input: LocationInput!) {\n    createLocation(input: $input) {\n      id\n      name\n      address\n      archived\n    }\n  }\n": types.CreateLocationDocument,
    "\n  mutation ArchiveLocation($id: ID!) {\n    archiveLocation(id: $id) {\n      id\n      archived\n    }\n  }\n": types.ArchiveLocationDocument,
    "\n  mutation UnarchiveLocation($id: ID!) {\n    unarchiveLocation(id: $id) {\n      id\n      archived\n    }\n  }\n": types.UnarchiveLocationDocument,
    "\n  query LowStock {\n    lowStockItems {\n      id\n      sku\n      name\n      unit\n      quantity\n      safetyStock\n      onOrder\n      preferredSupplier {\n        id\n        name\n      }\n      stockLevels {\n        quantity\n        location {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.LowStockDocument,
    "\n  query Overview($from: Date!, $to: Date!) {\n    organization {\n      id\n      currency\n    }\n    inventorySummary {\n      itemCount\n      totalQuantity\n      totalValue\n      lowStockCount\n    }\n    salesSummary(from: $from, to: $to, groupBy: DAY) {\n      totalQuantity\n      totalRevenue\n      rows {\n        key\n        label\n        quantity\n        revenue\n      }\n    }\n    topItems(from: $from, to: $to, limit: 5) {\n      key\n      label\n      quantity\n      revenue\n    }\n    stockValueHistory(from: $from, to: $to) {\n      day\n      value\n    }\n  }\n": types.OverviewDocument,
    "\n  fragment PartnerFields on Partner {\n    id\n    name\n    kind\n    email\n    phone\n    address\n    notes\n    archived\n  }\n": types.PartnerFieldsFragmentDoc,
    "\n  query Partners($kind: PartnerKind, $includeArchived: Boolean!) {\n    partners(kind: $kind, includeArchived: $includeArchived) {\n      ...PartnerFields\n    }\n  }\n": types.PartnersDocument,
    "\n  mutation CreatePartner($input: PartnerInput!) {\n    createPartner(input: $input) {\n      ...PartnerFields\n    }\n  }\n": types.CreatePartnerDocument,
    "\n  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {\n    updatePartner(id: $id, input: $input) {\n      ...PartnerFields\n    }\n  }\n": types.UpdatePartnerDocument,
    "\n  mutation ArchivePartner($id: ID!) {\n    archivePartner(id: $id) {\n      id\n      archived\n    }\n  }\n": types.ArchivePartnerDocument,
    "\n  mutation UnarchivePartner($id: ID!) {\n    unarchivePartner(id: $id) {\n      id\n      archived\n    }\n  }\n": types.UnarchivePartnerDocument,
    "\n  query PurchaseOrders($first: Int!, $after: String, $filter: PurchaseOrderFilterInput) {\n    purchaseOrders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          status\n          totalCost\n          createdAt\n          expectedAt\n          supplier {\n            id\n            name\n          }\n          location {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.PurchaseOrdersDocument,
    "\n  query PurchaseOrder($id: ID!) {\n    purchaseOrder(id: $id) {\n      id\n      number\n      status\n      note\n      totalCost\n      createdAt\n      expectedAt\n      submittedAt\n      closedAt\n      cancelledAt\n      supplier {\n        id\n        name\n        email\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        received\n        outstanding\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n      receipts {\n        id\n        occurredAt\n        lines {\n          quantity\n          item {\n            id\n            name\n          }\n        }\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n": types.PurchaseOrderDocument,
    "\n  mutation SubmitPurchaseOrder($id: ID!, $emailSupplier: Boolean!) {\n    submitPurchaseOrder(id: $id, emailSupplier: $emailSupplier) {\n      id\n      status\n      submittedAt\n    }\n  }\n": types.SubmitPurchaseOrderDocument,
    "\n  mutation CancelPurchaseOrder($id: ID!) {\n    cancelPurchaseOrder(id: $id) {\n      id\n      status\n      cancelledAt\n    }\n  }\n": types.CancelPurchaseOrderDocument,
    "\n  mutation ReceivePurchaseOrder($input: ReceivePurchaseOrderInput!) {\n    receivePurchaseOrder(input: $input) {\n      purchaseOrder {\n        id\n        status\n        lines {\n          id\n          received\n          outstanding\n        }\n      }\n      transaction {\n        id\n      }\n    }\n  }\n": types.ReceivePurchaseOrderDocument,
    "\n  query Reorder($locationId: ID!) {\n    reorderSuggestions(locationId: $locationId) {\n      supplier {\n        id\n        name\n      }\n      suggestions {\n        available\n        onOrder\n        inDrafts\n        reorderPoint\n        salesPerDay\n        leadTimeDays\n        suggestedQuantity\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n    }\n  }\n": types.ReorderDocument,
    "\n  query ReorderLocations {\n    locations {\n      id\n      name\n    }\n  }\n": types.ReorderLocationsDocument,
    "\n  mutation CreateDrafts($input: CreatePurchaseOrdersFromSuggestionsInput!) {\n    createPurchaseOrdersFromSuggestions(input: $input) {\n      id\n      number\n      supplier {\n        id\n        name\n      }\n    }\n  }\n": types.CreateDraftsDocument,
    "\n  query PurchaseOrderFormData {\n    partners {\n      id\n      name\n      kind\n    }\n    locations {\n      id\n      name\n    }\n  }\n": types.PurchaseOrderFormDataDocument,
    "\n  mutation CreatePurchaseOrder($input: CreatePurchaseOrderInput!) {\n    createPurchaseOrder(input: $input) {\n      id\n      number\n    }\n  }\n": types.CreatePurchaseOrderDocument,
    "\n  mutation UpdatePurchaseOrder($input: UpdatePurchaseOrderInput!) {\n    updatePurchaseOrder(input: $input) {\n      id\n      number\n      expectedAt\n      note\n      totalCost\n      updatedAt\n      supplier {\n        id\n        name\n        email\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        received\n        outstanding\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n    }\n  }\n": types.UpdatePurchaseOrderDocument,
    "\n  mutation ClosePurchaseOrder($id: ID!) {\n    closePurchaseOrder(id: $id) {\n      id\n      status\n      closedAt\n    }\n  }\n": types.ClosePurchaseOrderDocument,
    "\n  query SalesOrders($first: Int!, $after: String, $filter: SalesOrderFilterInput) {\n    salesOrders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          status\n          subtotal\n          createdAt\n          customer {\n            id\n            name\n          }\n          location {\n            id\n            name\n          }\n        }\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n": types.SalesOrdersDocument,
    "\n  query SalesOrder($id: ID!) {\n    salesOrder(id: $id) {\n      id\n      number\n      status\n      note\n      subtotal\n      createdAt\n      confirmedAt\n      cancelledAt\n      customer {\n        id\n        name\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        shipped\n        outstanding\n        returned\n        invoiced\n        unitPrice\n        discountPercent\n        netAmount\n        taxRate {\n          id\n          name\n          percent\n        }\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n      shipments {\n        id\n        occurredAt\n        lines {\n          quantity\n          item {\n            id\n            name\n          }\n        }\n      }\n      returns {\n        id\n        note\n        createdAt\n        transaction {\n          id\n        }\n        creditNotes {\n          id\n          number\n        }\n      }\n      invoices {\n        id\n        number\n        kind\n        status\n        total\n        currency\n        dueDate\n        pdfUrl\n        htmlUrl\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n": types.SalesOrderDocument,
    "\n  mutation ConfirmSalesOrder($id: ID!) {\n    confirmSalesOrder(id: $id) {\n      id\n      status\n      confirmedAt\n    }\n  }\n": types.ConfirmSalesOrderDocument,
    "\n  mutation CancelSalesOrder($id: ID!) {\n    cancelSalesOrder(id: $id) {\n      id\n      status\n      cancelledAt\n    }\n  }\n": types.CancelSalesOrderDocument,
    "\n  mutation ShipSalesOrder($input: ShipSalesOrderInput!) {\n    shipSalesOrder(input: $input) {\n      salesOrder {\n        id\n        status\n      }\n      transaction {\n        id\n      }\n    }\n  }\n": types.ShipSalesOrderDocument,
    "\n  query SalesOrderFormData {\n    partners {\n      id\n      name\n      kind\n    }\n    locations {\n      id\n      name\n    }\n    taxRates {\n      id\n      name\n      percent\n    }\n  }\n": types.SalesOrderFormDataDocument,
    "\n  mutation CreateSalesOrder($input: CreateSalesOrderInput!) {\n    createSalesOrder(input: $input) {\n      id\n      number\n    }\n  }\n": types.CreateSalesOrderDocument,
    "\n  mutation UpdateSalesOrder($input: UpdateSalesOrderInput!) {\n    updateSalesOrder(input: $input) {\n      id\n      number\n      note\n      subtotal\n      updatedAt\n    }\n  }\n": types.UpdateSalesOrderDocument,
    "\n  mutation CreateInvoice($input: CreateInvoiceInput!) {\n    createInvoice(input: $input) {\n      id\n      number\n      status\n    }\n  }\n": types.CreateInvoiceDocument,
    "\n  mutation ReturnSalesOrder($input: ReturnSalesOrderInput!) {\n    returnSalesOrder(input: $input) {\n      salesOrder {\n        id\n        status\n      }\n      salesReturn {\n        id\n        creditNotes {\n          id\n          number\n        }\n      }\n    }\n  }\n": types.ReturnSalesOrderDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    createdBy {\n      id\n      name\n      email\n      role\n    }\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation ReissueApiKey($input: ReissueApiKeyInput!) {\n    reissueApiKey(input: $input) {\n      key\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.ReissueApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilterInput) {\n    auditLog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          occurredAt\n          actor\n          actorApiKeyId\n          action\n          targetType\n          targetId\n          summary\n          ip\n        }\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  fragment OrganizationSettings on Organization {\n    id\n    name\n    currency\n    paymentTermsDays\n    address\n    logoUrl\n    purchaseOrderPrefix\n    salesOrderPrefix\n    invoicePrefix\n    creditNotePrefix\n    allowNegativeStock\n    allowOverReceipt\n    reorderCoverDays\n    digestTime\n    timeZone\n  }\n": types.OrganizationSettingsFragmentDoc,
    "\n  query OrganizationSettingsPage {\n    organization {\n      ...OrganizationSettings\n    }\n  }\n": types.OrganizationSettingsPageDocument,
    "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      ...OrganizationSettings\n    }\n  }\n": types.UpdateOrganizationDocument,
    "\n  query TaxRates {\n    taxRates(includeArchived: true) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n": types.TaxRatesDocument,
    "\n  mutation CreateTaxRate($input: CreateTaxRateInput!) {\n    createTaxRate(input: $input) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n": types.CreateTaxRateDocument,
    "\n  mutation UpdateTaxRate($input: UpdateTaxRateInput!) {\n    updateTaxRate(input: $input) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n": types.UpdateTaxRateDocument,
    "\n  query Billing {\n    organization {\n      id\n      name\n      plan\n      planName\n      subscriptionStatus\n      currentPeriodEnd\n      readOnly\n      limits {\n        members\n        items\n        locations\n      }\n      usage {\n        members\n        items\n        locations\n      }\n    }\n    plans {\n      id\n      name\n      limits {\n        members\n        items\n        locations\n      }\n    }\n  }\n": types.BillingDocument,
    "\n  mutation Checkout($plan: String!) {\n    createCheckoutSession(plan: $plan) {\n      url\n    }\n  }\n": types.CheckoutDocument,
    "\n  mutation BillingPortal {\n    createBillingPortalSession {\n      url\n    }\n  }\n": types.BillingPortalDocument,
    "\n  fragment WebhookFields on WebhookEndpoint {\n    id\n    url\n    description\n    events\n    enabled\n    disabledReason\n    deliveredThroughSequence\n    consecutiveFailures\n    failingSince\n    nextAttemptAt\n    createdAt\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  query Webhooks {\n    webhookEndpoints {\n      ...WebhookFields\n    }\n  }\n": types.WebhooksDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        ...WebhookFields\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  query Webhook($id: ID!) {\n    webhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n    webhookDeliveries(endpointId: $id, first: 30) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          eventType\n          sequence\n          attempt\n          status\n          statusCode\n          latencyMs\n          error\n          createdAt\n          attemptedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.WebhookDocument,
    "\n  mutation EnableWebhook($id: ID!) {\n    enableWebhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n  }\n": types.EnableWebhookDocument,
    "\n  mutation DisableWebhook($id: ID!) {\n    disableWebhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n  }\n": types.DisableWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        ...WebhookFields\n      }\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  query StockFormData {\n    locations {\n      id\n      name\n    }\n    partners {\n      id\n      name\n      kind\n    }\n  }\n": types.StockFormDataDocument,
    "\n  fragment StockLineItem on Item {\n    id\n    sku\n    name\n    unit\n    barcode\n    quantity\n    available\n    cost\n    price\n  }\n": types.StockLineItemFragmentDoc,
    "\n  query ItemByBarcode($code: String!) {\n    itemByBarcode(code: $code) {\n      ...StockLineItem\n    }\n  }\n": types.ItemByBarcodeDocument,
    "\n  query ItemSearch($search: String!) {\n    items(first: 8, filter: { search: $search }) {\n      nodes {\n        ...StockLineItem\n      }\n    }\n  }\n": types.ItemSearchDocument,
    "\n  fragment RecordedTransaction on StockTransaction {\n    id\n    kind\n    occurredAt\n    lines {\n      quantity\n      location {\n        id\n        name\n      }\n      item {\n        id\n        name\n        quantity\n        available\n      }\n    }\n  }\n": types.RecordedTransactionFragmentDoc,
    "\n  mutation StockIn($input: StockInInput!) {\n    stockIn(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n": types.StockInDocument,
    "\n  mutation StockOut($input: StockOutInput!) {\n    stockOut(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n": types.StockOutDocument,
    "\n  mutation AdjustStock($input: AdjustStockInput!) {\n    adjustStock(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n": types.AdjustStockDocument,
    "\n  mutation MoveStock($input: MoveStockInput!) {\n    moveStock(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n": types.MoveStockDocument,
    "\n  query Members {\n    members {\n      role\n      joinedAt\n      user {\n        id\n        name\n        email\n      }\n      locations {\n        id\n        name\n      }\n    }\n    locations {\n      id\n      name\n    }\n  }\n": types.MembersDocument,
    "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n      mailedAt\n    }\n  }\n": types.InvitationsDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      id\n      email\n      role\n    }\n  }\n": types.InviteMemberDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n": types.RevokeInvitationDocument,
    "\n  mutation UpdateMemberRole($input: UpdateMemberRoleInput!) {\n    updateMemberRole(input: $input) {\n      role\n      user {\n        id\n      }\n    }\n  }\n": types.UpdateMemberRoleDocument,
    "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n": types.RemoveMemberDocument,
    "\n  mutation SetMemberLocations($input: SetMemberLocationsInput!) {\n    setMemberLocations(input: $input) {\n      user {\n        id\n      }\n      locations {\n        id\n        name\n      }\n    }\n  }\n": types.SetMemberLocationsDocument,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateOrganizationDocument,
    "\n  mutation RefreshSession($token: String!) {\n    refreshToken(token: $token) {\n      accessToken\n      expiresIn\n      refreshToken\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n": types.LogOutDocument,
    "\n  query Me {\n    me {\n      user {\n        id\n        email\n        name\n        emailVerified\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.MeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StockChanged {\n    stockChanged {\n      quantity\n      location {\n        id\n        name\n      }\n      item {\n        id\n        quantity\n        available\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription StockChanged {\n    stockChanged {\n      quantity\n      location {\n        id\n        name\n      }\n      item {\n        id\n        quantity\n        available\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NewOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation NewOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    expiresIn\n    refreshToken\n    organization {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment SessionFields on AuthPayload {\n    accessToken\n    expiresIn\n    refreshToken\n    organization {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      id\n      email\n      emailVerified\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      id\n      email\n      emailVerified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($token: String!, $name: String, $password: String) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      role\n      organization {\n        id\n        name\n      }\n      session {\n        ...SessionFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvitation($token: String!, $name: String, $password: String) {\n    acceptInvitation(token: $token, name: $name, password: $password) {\n      role\n      organization {\n        id\n        name\n      }\n      session {\n        ...SessionFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Categories($includeArchived: Boolean!) {\n    categories(includeArchived: $includeArchived) {\n      id\n      name\n      archived\n    }\n  }\n"): (typeof documents)["\n  query Categories($includeArchived: Boolean!) {\n    categories(includeArchived: $includeArchived) {\n      id\n      name\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCategory($input: CategoryInput!) {\n    createCategory(input: $input) {\n      id\n      name\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCategory($input: CategoryInput!) {\n    createCategory(input: $input) {\n      id\n      name\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCategory($id: ID!, $input: CategoryInput!) {\n    updateCategory(id: $id, input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCategory($id: ID!, $input: CategoryInput!) {\n    updateCategory(id: $id, input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveCategory($id: ID!) {\n    archiveCategory(id: $id) {\n      id\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveCategory($id: ID!) {\n    archiveCategory(id: $id) {\n      id\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnarchiveCategory($id: ID!) {\n    unarchiveCategory(id: $id) {\n      id\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation UnarchiveCategory($id: ID!) {\n    unarchiveCategory(id: $id) {\n      id\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invoices($first: Int!, $after: String, $filter: InvoiceFilterInput) {\n    invoices(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          number\n          status\n          total\n          currency\n          dueDate\n          createdAt\n          customer {\n            id\n            name\n          }\n          salesOrder {\n            id\n            number\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Invoices($first: Int!, $after: String, $filter: InvoiceFilterInput) {\n    invoices(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          number\n          status\n          total\n          currency\n          dueDate\n          createdAt\n          customer {\n            id\n            name\n          }\n          salesOrder {\n            id\n            number\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvoiceFields on Invoice {\n    id\n    kind\n    number\n    status\n    currency\n    subtotal\n    taxTotal\n    total\n    amountPaid\n    dueDate\n    note\n    createdAt\n    issuedAt\n    paidAt\n    voidedAt\n    sentAt\n    pdfUrl\n    htmlUrl\n    customer {\n      id\n      name\n      email\n    }\n    salesOrder {\n      id\n      number\n    }\n    creditsInvoice {\n      id\n      number\n    }\n    creditNotes {\n      id\n      number\n      status\n    }\n    taxes {\n      name\n      percent\n      amount\n    }\n    lines {\n      id\n      sku\n      name\n      quantity\n      unitPrice\n      discountPercent\n      taxName\n      taxPercent\n      netAmount\n      taxAmount\n    }\n  }\n"): (typeof documents)["\n  fragment InvoiceFields on Invoice {\n    id\n    kind\n    number\n    status\n    currency\n    subtotal\n    taxTotal\n    total\n    amountPaid\n    dueDate\n    note\n    createdAt\n    issuedAt\n    paidAt\n    voidedAt\n    sentAt\n    pdfUrl\n    htmlUrl\n    customer {\n      id\n      name\n      email\n    }\n    salesOrder {\n      id\n      number\n    }\n    creditsInvoice {\n      id\n      number\n    }\n    creditNotes {\n      id\n      number\n      status\n    }\n    taxes {\n      name\n      percent\n      amount\n    }\n    lines {\n      id\n      sku\n      name\n      quantity\n      unitPrice\n      discountPercent\n      taxName\n      taxPercent\n      netAmount\n      taxAmount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invoice($id: ID!) {\n    invoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n"): (typeof documents)["\n  query Invoice($id: ID!) {\n    invoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssueInvoice($id: ID!) {\n    issueInvoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n"): (typeof documents)["\n  mutation IssueInvoice($id: ID!) {\n    issueInvoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkInvoicePaid($id: ID!, $paidAt: DateTime) {\n    markInvoicePaid(id: $id, paidAt: $paidAt) {\n      ...InvoiceFields\n    }\n  }\n"): (typeof documents)["\n  mutation MarkInvoicePaid($id: ID!, $paidAt: DateTime) {\n    markInvoicePaid(id: $id, paidAt: $paidAt) {\n      ...InvoiceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VoidInvoice($id: ID!) {\n    voidInvoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n"): (typeof documents)["\n  mutation VoidInvoice($id: ID!) {\n    voidInvoice(id: $id) {\n      ...InvoiceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendInvoice($id: ID!, $resend: Boolean!) {\n    sendInvoice(id: $id, resend: $resend) {\n      ...InvoiceFields\n    }\n  }\n"): (typeof documents)["\n  mutation SendInvoice($id: ID!, $resend: Boolean!) {\n    sendInvoice(id: $id, resend: $resend) {\n      ...InvoiceFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemPage($id: ID!) {\n    item(id: $id) {\n      id\n      sku\n      name\n      description\n      barcode\n      unit\n      cost\n      price\n      safetyStock\n      imageUrl\n      archived\n      updatedAt\n      quantity\n      available\n      reserved\n      onOrder\n      daysOfCover\n      turnover\n      leadTimeDays\n      reorderPoint\n      reorderQuantity\n      category {\n        id\n        name\n      }\n      preferredSupplier {\n        id\n        name\n      }\n      attributes {\n        key\n        label\n        value\n      }\n      stockLevels {\n        quantity\n        reserved\n        available\n        onOrder\n        updatedAt\n        location {\n          id\n          name\n        }\n      }\n    }\n    locations {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query ItemPage($id: ID!) {\n    item(id: $id) {\n      id\n      sku\n      name\n      description\n      barcode\n      unit\n      cost\n      price\n      safetyStock\n      imageUrl\n      archived\n      updatedAt\n      quantity\n      available\n      reserved\n      onOrder\n      daysOfCover\n      turnover\n      leadTimeDays\n      reorderPoint\n      reorderQuantity\n      category {\n        id\n        name\n      }\n      preferredSupplier {\n        id\n        name\n      }\n      attributes {\n        key\n        label\n        value\n      }\n      stockLevels {\n        quantity\n        reserved\n        available\n        onOrder\n        updatedAt\n        location {\n          id\n          name\n        }\n      }\n    }\n    locations {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemHistory($itemId: ID!, $first: Int!, $after: String) {\n    stockTransactions(first: $first, after: $after, filter: { itemId: $itemId }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          occurredAt\n          note\n          partner {\n            id\n            name\n          }\n          source {\n            kind\n            id\n            reference\n          }\n          lines {\n            quantity\n            item {\n              id\n            }\n            location {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ItemHistory($itemId: ID!, $first: Int!, $after: String) {\n    stockTransactions(first: $first, after: $after, filter: { itemId: $itemId }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          occurredAt\n          note\n          partner {\n            id\n            name\n          }\n          source {\n            kind\n            id\n            reference\n          }\n          lines {\n            quantity\n            item {\n              id\n            }\n            location {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PastQuantity($itemId: ID!, $locationId: ID!, $at: DateTime!) {\n    pastQuantity(itemId: $itemId, locationId: $locationId, at: $at)\n  }\n"): (typeof documents)["\n  query PastQuantity($itemId: ID!, $locationId: ID!, $at: DateTime!) {\n    pastQuantity(itemId: $itemId, locationId: $locationId, at: $at)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EditItemData {\n    categories {\n      id\n      name\n    }\n    partners {\n      id\n      name\n      kind\n    }\n  }\n"): (typeof documents)["\n  query EditItemData {\n    categories {\n      id\n      name\n    }\n    partners {\n      id\n      name\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateItem($id: ID!, $input: UpdateItemInput!) {\n    updateItem(id: $id, input: $input) {\n      id\n      sku\n      name\n      description\n      barcode\n      unit\n      cost\n      price\n      safetyStock\n      imageUrl\n      updatedAt\n      leadTimeDays\n      reorderPoint\n      reorderQuantity\n      category {\n        id\n        name\n      }\n      preferredSupplier {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateItem($id: ID!, $input: UpdateItemInput!) {\n    updateItem(id: $id, input: $input) {\n      id\n      sku\n      name\n      description\n      barcode\n      unit\n      cost\n      price\n      safetyStock\n      imageUrl\n      updatedAt\n      leadTimeDays\n      reorderPoint\n      reorderQuantity\n      category {\n        id\n        name\n      }\n      preferredSupplier {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Items($first: Int!, $after: String, $filter: ItemFilterInput, $orderBy: ItemOrderInput) {\n    items(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          sku\n          name\n          barcode\n          unit\n          quantity\n          available\n          safetyStock\n          category {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Items($first: Int!, $after: String, $filter: ItemFilterInput, $orderBy: ItemOrderInput) {\n    items(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          sku\n          name\n          barcode\n          unit\n          quantity\n          available\n          safetyStock\n          category {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemFilters {\n    locations {\n      id\n      name\n    }\n    categories {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query ItemFilters {\n    locations {\n      id\n      name\n    }\n    categories {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateItem($input: CreateItemInput!) {\n    createItem(input: $input) {\n      id\n      sku\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateItem($input: CreateItemInput!) {\n    createItem(input: $input) {\n      id\n      sku\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Locations($includeArchived: Boolean!) {\n    locations(includeArchived: $includeArchived) {\n      id\n      name\n      address\n      archived\n    }\n  }\n"): (typeof documents)["\n  query Locations($includeArchived: Boolean!) {\n    locations(includeArchived: $includeArchived) {\n      id\n      name\n      address\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLocation($input: LocationInput!) {\n    createLocation(input: $input) {\n      id\n      name\n      address\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation CreateLocation($input: LocationInput!) {\n    createLocation(input: $input) {\n      id\n      name\n      address\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveLocation($id: ID!) {\n    archiveLocation(id: $id) {\n      id\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveLocation($id: ID!) {\n    archiveLocation(id: $id) {\n      id\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnarchiveLocation($id: ID!) {\n    unarchiveLocation(id: $id) {\n      id\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation UnarchiveLocation($id: ID!) {\n    unarchiveLocation(id: $id) {\n      id\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LowStock {\n    lowStockItems {\n      id\n      sku\n      name\n      unit\n      quantity\n      safetyStock\n      onOrder\n      preferredSupplier {\n        id\n        name\n      }\n      stockLevels {\n        quantity\n        location {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LowStock {\n    lowStockItems {\n      id\n      sku\n      name\n      unit\n      quantity\n      safetyStock\n      onOrder\n      preferredSupplier {\n        id\n        name\n      }\n      stockLevels {\n        quantity\n        location {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Overview($from: Date!, $to: Date!) {\n    organization {\n      id\n      currency\n    }\n    inventorySummary {\n      itemCount\n      totalQuantity\n      totalValue\n      lowStockCount\n    }\n    salesSummary(from: $from, to: $to, groupBy: DAY) {\n      totalQuantity\n      totalRevenue\n      rows {\n        key\n        label\n        quantity\n        revenue\n      }\n    }\n    topItems(from: $from, to: $to, limit: 5) {\n      key\n      label\n      quantity\n      revenue\n    }\n    stockValueHistory(from: $from, to: $to) {\n      day\n      value\n    }\n  }\n"): (typeof documents)["\n  query Overview($from: Date!, $to: Date!) {\n    organization {\n      id\n      currency\n    }\n    inventorySummary {\n      itemCount\n      totalQuantity\n      totalValue\n      lowStockCount\n    }\n    salesSummary(from: $from, to: $to, groupBy: DAY) {\n      totalQuantity\n      totalRevenue\n      rows {\n        key\n        label\n        quantity\n        revenue\n      }\n    }\n    topItems(from: $from, to: $to, limit: 5) {\n      key\n      label\n      quantity\n      revenue\n    }\n    stockValueHistory(from: $from, to: $to) {\n      day\n      value\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PartnerFields on Partner {\n    id\n    name\n    kind\n    email\n    phone\n    address\n    notes\n    archived\n  }\n"): (typeof documents)["\n  fragment PartnerFields on Partner {\n    id\n    name\n    kind\n    email\n    phone\n    address\n    notes\n    archived\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Partners($kind: PartnerKind, $includeArchived: Boolean!) {\n    partners(kind: $kind, includeArchived: $includeArchived) {\n      ...PartnerFields\n    }\n  }\n"): (typeof documents)["\n  query Partners($kind: PartnerKind, $includeArchived: Boolean!) {\n    partners(kind: $kind, includeArchived: $includeArchived) {\n      ...PartnerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePartner($input: PartnerInput!) {\n    createPartner(input: $input) {\n      ...PartnerFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePartner($input: PartnerInput!) {\n    createPartner(input: $input) {\n      ...PartnerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {\n    updatePartner(id: $id, input: $input) {\n      ...PartnerFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePartner($id: ID!, $input: PartnerInput!) {\n    updatePartner(id: $id, input: $input) {\n      ...PartnerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchivePartner($id: ID!) {\n    archivePartner(id: $id) {\n      id\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation ArchivePartner($id: ID!) {\n    archivePartner(id: $id) {\n      id\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnarchivePartner($id: ID!) {\n    unarchivePartner(id: $id) {\n      id\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation UnarchivePartner($id: ID!) {\n    unarchivePartner(id: $id) {\n      id\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PurchaseOrders($first: Int!, $after: String, $filter: PurchaseOrderFilterInput) {\n    purchaseOrders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          status\n          totalCost\n          createdAt\n          expectedAt\n          supplier {\n            id\n            name\n          }\n          location {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PurchaseOrders($first: Int!, $after: String, $filter: PurchaseOrderFilterInput) {\n    purchaseOrders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          status\n          totalCost\n          createdAt\n          expectedAt\n          supplier {\n            id\n            name\n          }\n          location {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PurchaseOrder($id: ID!) {\n    purchaseOrder(id: $id) {\n      id\n      number\n      status\n      note\n      totalCost\n      createdAt\n      expectedAt\n      submittedAt\n      closedAt\n      cancelledAt\n      supplier {\n        id\n        name\n        email\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        received\n        outstanding\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n      receipts {\n        id\n        occurredAt\n        lines {\n          quantity\n          item {\n            id\n            name\n          }\n        }\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n"): (typeof documents)["\n  query PurchaseOrder($id: ID!) {\n    purchaseOrder(id: $id) {\n      id\n      number\n      status\n      note\n      totalCost\n      createdAt\n      expectedAt\n      submittedAt\n      closedAt\n      cancelledAt\n      supplier {\n        id\n        name\n        email\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        received\n        outstanding\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n      receipts {\n        id\n        occurredAt\n        lines {\n          quantity\n          item {\n            id\n            name\n          }\n        }\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitPurchaseOrder($id: ID!, $emailSupplier: Boolean!) {\n    submitPurchaseOrder(id: $id, emailSupplier: $emailSupplier) {\n      id\n      status\n      submittedAt\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitPurchaseOrder($id: ID!, $emailSupplier: Boolean!) {\n    submitPurchaseOrder(id: $id, emailSupplier: $emailSupplier) {\n      id\n      status\n      submittedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelPurchaseOrder($id: ID!) {\n    cancelPurchaseOrder(id: $id) {\n      id\n      status\n      cancelledAt\n    }\n  }\n"): (typeof documents)["\n  mutation CancelPurchaseOrder($id: ID!) {\n    cancelPurchaseOrder(id: $id) {\n      id\n      status\n      cancelledAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReceivePurchaseOrder($input: ReceivePurchaseOrderInput!) {\n    receivePurchaseOrder(input: $input) {\n      purchaseOrder {\n        id\n        status\n        lines {\n          id\n          received\n          outstanding\n        }\n      }\n      transaction {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReceivePurchaseOrder($input: ReceivePurchaseOrderInput!) {\n    receivePurchaseOrder(input: $input) {\n      purchaseOrder {\n        id\n        status\n        lines {\n          id\n          received\n          outstanding\n        }\n      }\n      transaction {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Reorder($locationId: ID!) {\n    reorderSuggestions(locationId: $locationId) {\n      supplier {\n        id\n        name\n      }\n      suggestions {\n        available\n        onOrder\n        inDrafts\n        reorderPoint\n        salesPerDay\n        leadTimeDays\n        suggestedQuantity\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Reorder($locationId: ID!) {\n    reorderSuggestions(locationId: $locationId) {\n      supplier {\n        id\n        name\n      }\n      suggestions {\n        available\n        onOrder\n        inDrafts\n        reorderPoint\n        salesPerDay\n        leadTimeDays\n        suggestedQuantity\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReorderLocations {\n    locations {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query ReorderLocations {\n    locations {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDrafts($input: CreatePurchaseOrdersFromSuggestionsInput!) {\n    createPurchaseOrdersFromSuggestions(input: $input) {\n      id\n      number\n      supplier {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDrafts($input: CreatePurchaseOrdersFromSuggestionsInput!) {\n    createPurchaseOrdersFromSuggestions(input: $input) {\n      id\n      number\n      supplier {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PurchaseOrderFormData {\n    partners {\n      id\n      name\n      kind\n    }\n    locations {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query PurchaseOrderFormData {\n    partners {\n      id\n      name\n      kind\n    }\n    locations {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePurchaseOrder($input: CreatePurchaseOrderInput!) {\n    createPurchaseOrder(input: $input) {\n      id\n      number\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePurchaseOrder($input: CreatePurchaseOrderInput!) {\n    createPurchaseOrder(input: $input) {\n      id\n      number\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePurchaseOrder($input: UpdatePurchaseOrderInput!) {\n    updatePurchaseOrder(input: $input) {\n      id\n      number\n      expectedAt\n      note\n      totalCost\n      updatedAt\n      supplier {\n        id\n        name\n        email\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        received\n        outstanding\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePurchaseOrder($input: UpdatePurchaseOrderInput!) {\n    updatePurchaseOrder(input: $input) {\n      id\n      number\n      expectedAt\n      note\n      totalCost\n      updatedAt\n      supplier {\n        id\n        name\n        email\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        received\n        outstanding\n        unitCost\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClosePurchaseOrder($id: ID!) {\n    closePurchaseOrder(id: $id) {\n      id\n      status\n      closedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ClosePurchaseOrder($id: ID!) {\n    closePurchaseOrder(id: $id) {\n      id\n      status\n      closedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SalesOrders($first: Int!, $after: String, $filter: SalesOrderFilterInput) {\n    salesOrders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          status\n          subtotal\n          createdAt\n          customer {\n            id\n            name\n          }\n          location {\n            id\n            name\n          }\n        }\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n"): (typeof documents)["\n  query SalesOrders($first: Int!, $after: String, $filter: SalesOrderFilterInput) {\n    salesOrders(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          number\n          status\n          subtotal\n          createdAt\n          customer {\n            id\n            name\n          }\n          location {\n            id\n            name\n          }\n        }\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SalesOrder($id: ID!) {\n    salesOrder(id: $id) {\n      id\n      number\n      status\n      note\n      subtotal\n      createdAt\n      confirmedAt\n      cancelledAt\n      customer {\n        id\n        name\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        shipped\n        outstanding\n        returned\n        invoiced\n        unitPrice\n        discountPercent\n        netAmount\n        taxRate {\n          id\n          name\n          percent\n        }\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n      shipments {\n        id\n        occurredAt\n        lines {\n          quantity\n          item {\n            id\n            name\n          }\n        }\n      }\n      returns {\n        id\n        note\n        createdAt\n        transaction {\n          id\n        }\n        creditNotes {\n          id\n          number\n        }\n      }\n      invoices {\n        id\n        number\n        kind\n        status\n        total\n        currency\n        dueDate\n        pdfUrl\n        htmlUrl\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n"): (typeof documents)["\n  query SalesOrder($id: ID!) {\n    salesOrder(id: $id) {\n      id\n      number\n      status\n      note\n      subtotal\n      createdAt\n      confirmedAt\n      cancelledAt\n      customer {\n        id\n        name\n      }\n      location {\n        id\n        name\n      }\n      lines {\n        id\n        ordered\n        shipped\n        outstanding\n        returned\n        invoiced\n        unitPrice\n        discountPercent\n        netAmount\n        taxRate {\n          id\n          name\n          percent\n        }\n        item {\n          id\n          sku\n          name\n          unit\n        }\n      }\n      shipments {\n        id\n        occurredAt\n        lines {\n          quantity\n          item {\n            id\n            name\n          }\n        }\n      }\n      returns {\n        id\n        note\n        createdAt\n        transaction {\n          id\n        }\n        creditNotes {\n          id\n          number\n        }\n      }\n      invoices {\n        id\n        number\n        kind\n        status\n        total\n        currency\n        dueDate\n        pdfUrl\n        htmlUrl\n      }\n    }\n    organization {\n      id\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmSalesOrder($id: ID!) {\n    confirmSalesOrder(id: $id) {\n      id\n      status\n      confirmedAt\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmSalesOrder($id: ID!) {\n    confirmSalesOrder(id: $id) {\n      id\n      status\n      confirmedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelSalesOrder($id: ID!) {\n    cancelSalesOrder(id: $id) {\n      id\n      status\n      cancelledAt\n    }\n  }\n"): (typeof documents)["\n  mutation CancelSalesOrder($id: ID!) {\n    cancelSalesOrder(id: $id) {\n      id\n      status\n      cancelledAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ShipSalesOrder($input: ShipSalesOrderInput!) {\n    shipSalesOrder(input: $input) {\n      salesOrder {\n        id\n        status\n      }\n      transaction {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ShipSalesOrder($input: ShipSalesOrderInput!) {\n    shipSalesOrder(input: $input) {\n      salesOrder {\n        id\n        status\n      }\n      transaction {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SalesOrderFormData {\n    partners {\n      id\n      name\n      kind\n    }\n    locations {\n      id\n      name\n    }\n    taxRates {\n      id\n      name\n      percent\n    }\n  }\n"): (typeof documents)["\n  query SalesOrderFormData {\n    partners {\n      id\n      name\n      kind\n    }\n    locations {\n      id\n      name\n    }\n    taxRates {\n      id\n      name\n      percent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSalesOrder($input: CreateSalesOrderInput!) {\n    createSalesOrder(input: $input) {\n      id\n      number\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSalesOrder($input: CreateSalesOrderInput!) {\n    createSalesOrder(input: $input) {\n      id\n      number\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSalesOrder($input: UpdateSalesOrderInput!) {\n    updateSalesOrder(input: $input) {\n      id\n      number\n      note\n      subtotal\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSalesOrder($input: UpdateSalesOrderInput!) {\n    updateSalesOrder(input: $input) {\n      id\n      number\n      note\n      subtotal\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInvoice($input: CreateInvoiceInput!) {\n    createInvoice(input: $input) {\n      id\n      number\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInvoice($input: CreateInvoiceInput!) {\n    createInvoice(input: $input) {\n      id\n      number\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReturnSalesOrder($input: ReturnSalesOrderInput!) {\n    returnSalesOrder(input: $input) {\n      salesOrder {\n        id\n        status\n      }\n      salesReturn {\n        id\n        creditNotes {\n          id\n          number\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReturnSalesOrder($input: ReturnSalesOrderInput!) {\n    returnSalesOrder(input: $input) {\n      salesOrder {\n        id\n        status\n      }\n      salesReturn {\n        id\n        creditNotes {\n          id\n          number\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    createdBy {\n      id\n      name\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    role\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    createdBy {\n      id\n      name\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReissueApiKey($input: ReissueApiKeyInput!) {\n    reissueApiKey(input: $input) {\n      key\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReissueApiKey($input: ReissueApiKeyInput!) {\n    reissueApiKey(input: $input) {\n      key\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilterInput) {\n    auditLog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          occurredAt\n          actor\n          actorApiKeyId\n          action\n          targetType\n          targetId\n          summary\n          ip\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilterInput) {\n    auditLog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          occurredAt\n          actor\n          actorApiKeyId\n          action\n          targetType\n          targetId\n          summary\n          ip\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrganizationSettings on Organization {\n    id\n    name\n    currency\n    paymentTermsDays\n    address\n    logoUrl\n    purchaseOrderPrefix\n    salesOrderPrefix\n    invoicePrefix\n    creditNotePrefix\n    allowNegativeStock\n    allowOverReceipt\n    reorderCoverDays\n    digestTime\n    timeZone\n  }\n"): (typeof documents)["\n  fragment OrganizationSettings on Organization {\n    id\n    name\n    currency\n    paymentTermsDays\n    address\n    logoUrl\n    purchaseOrderPrefix\n    salesOrderPrefix\n    invoicePrefix\n    creditNotePrefix\n    allowNegativeStock\n    allowOverReceipt\n    reorderCoverDays\n    digestTime\n    timeZone\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationSettingsPage {\n    organization {\n      ...OrganizationSettings\n    }\n  }\n"): (typeof documents)["\n  query OrganizationSettingsPage {\n    organization {\n      ...OrganizationSettings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      ...OrganizationSettings\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      ...OrganizationSettings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaxRates {\n    taxRates(includeArchived: true) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n"): (typeof documents)["\n  query TaxRates {\n    taxRates(includeArchived: true) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTaxRate($input: CreateTaxRateInput!) {\n    createTaxRate(input: $input) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTaxRate($input: CreateTaxRateInput!) {\n    createTaxRate(input: $input) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTaxRate($input: UpdateTaxRateInput!) {\n    updateTaxRate(input: $input) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTaxRate($input: UpdateTaxRateInput!) {\n    updateTaxRate(input: $input) {\n      id\n      name\n      percent\n      archived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Billing {\n    organization {\n      id\n      name\n      plan\n      planName\n      subscriptionStatus\n      currentPeriodEnd\n      readOnly\n      limits {\n        members\n        items\n        locations\n      }\n      usage {\n        members\n        items\n        locations\n      }\n    }\n    plans {\n      id\n      name\n      limits {\n        members\n        items\n        locations\n      }\n    }\n  }\n"): (typeof documents)["\n  query Billing {\n    organization {\n      id\n      name\n      plan\n      planName\n      subscriptionStatus\n      currentPeriodEnd\n      readOnly\n      limits {\n        members\n        items\n        locations\n      }\n      usage {\n        members\n        items\n        locations\n      }\n    }\n    plans {\n      id\n      name\n      limits {\n        members\n        items\n        locations\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Checkout($plan: String!) {\n    createCheckoutSession(plan: $plan) {\n      url\n    }\n  }\n"): (typeof documents)["\n  mutation Checkout($plan: String!) {\n    createCheckoutSession(plan: $plan) {\n      url\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BillingPortal {\n    createBillingPortalSession {\n      url\n    }\n  }\n"): (typeof documents)["\n  mutation BillingPortal {\n    createBillingPortalSession {\n      url\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on WebhookEndpoint {\n    id\n    url\n    description\n    events\n    enabled\n    disabledReason\n    deliveredThroughSequence\n    consecutiveFailures\n    failingSince\n    nextAttemptAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment WebhookFields on WebhookEndpoint {\n    id\n    url\n    description\n    events\n    enabled\n    disabledReason\n    deliveredThroughSequence\n    consecutiveFailures\n    failingSince\n    nextAttemptAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhookEndpoints {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  query Webhooks {\n    webhookEndpoints {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhook($id: ID!) {\n    webhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n    webhookDeliveries(endpointId: $id, first: 30) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          eventType\n          sequence\n          attempt\n          status\n          statusCode\n          latencyMs\n          error\n          createdAt\n          attemptedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Webhook($id: ID!) {\n    webhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n    webhookDeliveries(endpointId: $id, first: 30) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          eventType\n          sequence\n          attempt\n          status\n          statusCode\n          latencyMs\n          error\n          createdAt\n          attemptedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableWebhook($id: ID!) {\n    enableWebhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  mutation EnableWebhook($id: ID!) {\n    enableWebhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableWebhook($id: ID!) {\n    disableWebhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  mutation DisableWebhook($id: ID!) {\n    disableWebhookEndpoint(id: $id) {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StockFormData {\n    locations {\n      id\n      name\n    }\n    partners {\n      id\n      name\n      kind\n    }\n  }\n"): (typeof documents)["\n  query StockFormData {\n    locations {\n      id\n      name\n    }\n    partners {\n      id\n      name\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StockLineItem on Item {\n    id\n    sku\n    name\n    unit\n    barcode\n    quantity\n    available\n    cost\n    price\n  }\n"): (typeof documents)["\n  fragment StockLineItem on Item {\n    id\n    sku\n    name\n    unit\n    barcode\n    quantity\n    available\n    cost\n    price\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemByBarcode($code: String!) {\n    itemByBarcode(code: $code) {\n      ...StockLineItem\n    }\n  }\n"): (typeof documents)["\n  query ItemByBarcode($code: String!) {\n    itemByBarcode(code: $code) {\n      ...StockLineItem\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ItemSearch($search: String!) {\n    items(first: 8, filter: { search: $search }) {\n      nodes {\n        ...StockLineItem\n      }\n    }\n  }\n"): (typeof documents)["\n  query ItemSearch($search: String!) {\n    items(first: 8, filter: { search: $search }) {\n      nodes {\n        ...StockLineItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RecordedTransaction on StockTransaction {\n    id\n    kind\n    occurredAt\n    lines {\n      quantity\n      location {\n        id\n        name\n      }\n      item {\n        id\n        name\n        quantity\n        available\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment RecordedTransaction on StockTransaction {\n    id\n    kind\n    occurredAt\n    lines {\n      quantity\n      location {\n        id\n        name\n      }\n      item {\n        id\n        name\n        quantity\n        available\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StockIn($input: StockInInput!) {\n    stockIn(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n"): (typeof documents)["\n  mutation StockIn($input: StockInInput!) {\n    stockIn(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StockOut($input: StockOutInput!) {\n    stockOut(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n"): (typeof documents)["\n  mutation StockOut($input: StockOutInput!) {\n    stockOut(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdjustStock($input: AdjustStockInput!) {\n    adjustStock(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n"): (typeof documents)["\n  mutation AdjustStock($input: AdjustStockInput!) {\n    adjustStock(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveStock($input: MoveStockInput!) {\n    moveStock(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n"): (typeof documents)["\n  mutation MoveStock($input: MoveStockInput!) {\n    moveStock(input: $input) {\n      ...RecordedTransaction\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members {\n    members {\n      role\n      joinedAt\n      user {\n        id\n        name\n        email\n      }\n      locations {\n        id\n        name\n      }\n    }\n    locations {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query Members {\n    members {\n      role\n      joinedAt\n      user {\n        id\n        name\n        email\n      }\n      locations {\n        id\n        name\n      }\n    }\n    locations {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n      mailedAt\n    }\n  }\n"): (typeof documents)["\n  query Invitations {\n    invitations {\n      id\n      email\n      role\n      createdAt\n      expiresAt\n      mailedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      id\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      id\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMemberRole($input: UpdateMemberRoleInput!) {\n    updateMemberRole(input: $input) {\n      role\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMemberRole($input: UpdateMemberRoleInput!) {\n    updateMemberRole(input: $input) {\n      role\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation RemoveMember($userId: ID!) {\n    removeMember(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetMemberLocations($input: SetMemberLocationsInput!) {\n    setMemberLocations(input: $input) {\n      user {\n        id\n      }\n      locations {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetMemberLocations($input: SetMemberLocationsInput!) {\n    setMemberLocations(input: $input) {\n      user {\n        id\n      }\n      locations {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($token: String!) {\n    refreshToken(token: $token) {\n      accessToken\n      expiresIn\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshSession($token: String!) {\n    refreshToken(token: $token) {\n      accessToken\n      expiresIn\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      user {\n        id\n        email\n        name\n        emailVerified\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      user {\n        id\n        email\n        name\n        emailVerified\n      }\n      memberships {\n        role\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;