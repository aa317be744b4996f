/**
 * Hides "Did you mean …?" suggestions from every error a client sees, so a schema that is not public
 * (introspection off) cannot be discovered by guessing. Apollo Server's own option
 * (`hideSchemaDetailsFromClientErrors`) covers validation errors only; variable values are coerced
 * later, during execution, and their errors suggest enum values and input fields too.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

const SUGGESTION = / ?Did you mean [^?]*\?/g;

export function stripSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

export function createHideSuggestionsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = stripSuggestions(error.message);
        },
      };
    },
  };
}
