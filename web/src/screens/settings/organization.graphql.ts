import { graphql } from '../../gql';

export const OrganizationSettingsFragment = graphql(`
  fragment OrganizationSettings on Organization {
    id
    name
    currency
    paymentTermsDays
    address
    logoUrl
    purchaseOrderPrefix
    salesOrderPrefix
    invoicePrefix
    creditNotePrefix
    allowNegativeStock
    allowOverReceipt
    reorderCoverDays
    digestTime
    timeZone
  }
`);

export const OrganizationSettingsDocument = graphql(`
  query OrganizationSettingsPage {
    organization {
      ...OrganizationSettings
    }
  }
`);

export const UpdateOrganizationDocument = graphql(`
  mutation UpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      ...OrganizationSettings
    }
  }
`);

export const TaxRatesDocument = graphql(`
  query TaxRates {
    taxRates(includeArchived: true) {
      id
      name
      percent
      archived
    }
  }
`);

export const CreateTaxRateDocument = graphql(`
  mutation CreateTaxRate($input: CreateTaxRateInput!) {
    createTaxRate(input: $input) {
      id
      name
      percent
      archived
    }
  }
`);

export const UpdateTaxRateDocument = graphql(`
  mutation UpdateTaxRate($input: UpdateTaxRateInput!) {
    updateTaxRate(input: $input) {
      id
      name
      percent
      archived
    }
  }
`);
