import { graphql } from '../../gql';

export const CategoriesDocument = graphql(`
  query Categories($includeArchived: Boolean!) {
    categories(includeArchived: $includeArchived) {
      id
      name
      archived
    }
  }
`);

export const CreateCategoryDocument = graphql(`
  mutation CreateCategory($input: CategoryInput!) {
    createCategory(input: $input) {
      id
      name
      archived
    }
  }
`);

export const UpdateCategoryDocument = graphql(`
  mutation UpdateCategory($id: ID!, $input: CategoryInput!) {
    updateCategory(id: $id, input: $input) {
      id
      name
    }
  }
`);

export const ArchiveCategoryDocument = graphql(`
  mutation ArchiveCategory($id: ID!) {
    archiveCategory(id: $id) {
      id
      archived
    }
  }
`);

export const UnarchiveCategoryDocument = graphql(`
  mutation UnarchiveCategory($id: ID!) {
    unarchiveCategory(id: $id) {
      id
      archived
    }
  }
`);
