import { graphql } from '../../gql';

export const ApiKeyFieldsFragment = graphql(`
  fragment ApiKeyFields on ApiKey {
    id
    name
    role
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
    createdBy {
      id
      name
      email
      role
    }
  }
`);

export const ApiKeysDocument = graphql(`
  query ApiKeys {
    apiKeys {
      ...ApiKeyFields
    }
  }
`);

export const CreateApiKeyDocument = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const ReissueApiKeyDocument = graphql(`
  mutation ReissueApiKey($input: ReissueApiKeyInput!) {
    reissueApiKey(input: $input) {
      key
      apiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      ...ApiKeyFields
    }
  }
`);

export const AuditLogDocument = graphql(`
  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilterInput) {
    auditLog(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          occurredAt
          actor
          actorApiKeyId
          action
          targetType
          targetId
          summary
          ip
        }
      }
    }
  }
`);
