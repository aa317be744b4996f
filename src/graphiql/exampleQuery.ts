/** The query GraphiQL opens with: syncs, each with its latest runs, each with its first records. */
export const EXAMPLE_QUERY = `# Welcome to the AI Squared GraphQL gateway.
#
# Press ▶ (or Ctrl-Enter) to run this query:
# the latest syncs, each with its latest runs
# and their first records, in one request.
# The headers below are sent with it. The docs
# (book icon, top left) describe every field.

query SyncsRunsRecords {
  syncs(first: 3) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      databaseId
      status
      streamName
      source {
        name
        connectorName
      }
      destination {
        name
        connectorName
      }
      runs(first: 2) {
        totalCount
        nodes {
          databaseId
          status
          startedAt
          successfulRows
          failedRows
          records(first: 3) {
            totalCount
            nodes {
              databaseId
              status
              action
            }
          }
        }
      }
    }
  }
}
`;
