import { graphql } from '../../gql';

export const BillingDocument = graphql(`
  query Billing {
    organization {
      id
      name
      plan
      planName
      subscriptionStatus
      currentPeriodEnd
      readOnly
      limits {
        members
        items
        locations
      }
      usage {
        members
        items
        locations
      }
    }
    plans {
      id
      name
      limits {
        members
        items
        locations
      }
    }
  }
`);

export const CheckoutDocument = graphql(`
  mutation Checkout($plan: String!) {
    createCheckoutSession(plan: $plan) {
      url
    }
  }
`);

export const BillingPortalDocument = graphql(`
  mutation BillingPortal {
    createBillingPortalSession {
      url
    }
  }
`);

export const WebhookFieldsFragment = graphql(`
  fragment WebhookFields on WebhookEndpoint {
    id
    url
    description
    events
    enabled
    disabledReason
    deliveredThroughSequence
    consecutiveFailures
    failingSince
    nextAttemptAt
    createdAt
  }
`);

export const WebhooksDocument = graphql(`
  query Webhooks {
    webhookEndpoints {
      ...WebhookFields
    }
  }
`);

export const CreateWebhookDocument = graphql(`
  mutation CreateWebhook($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      secret
      endpoint {
        ...WebhookFields
      }
    }
  }
`);

export const WebhookDocument = graphql(`
  query Webhook($id: ID!) {
    webhookEndpoint(id: $id) {
      ...WebhookFields
    }
    webhookDeliveries(endpointId: $id, first: 30) {
      totalCount
      edges {
        cursor
        node {
          id
          eventType
          sequence
          attempt
          status
          statusCode
          latencyMs
          error
          createdAt
          attemptedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const EnableWebhookDocument = graphql(`
  mutation EnableWebhook($id: ID!) {
    enableWebhookEndpoint(id: $id) {
      ...WebhookFields
    }
  }
`);

export const DisableWebhookDocument = graphql(`
  mutation DisableWebhook($id: ID!) {
    disableWebhookEndpoint(id: $id) {
      ...WebhookFields
    }
  }
`);

export const RotateWebhookSecretDocument = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      endpoint {
        ...WebhookFields
      }
    }
  }
`);
