import { useEffect } from 'react';
import { type AnyVariables, type UseQueryArgs, useQuery } from 'urql';
import { isNotAvailable } from './errors';
import { type Feature, features, useFeature } from './features';

/**
 * `useQuery` for an operation the server may not have yet: while the feature is known to be
 * missing it does not run; a validation error marks it missing (for a few minutes) instead of
 * surfacing as an error.
 */
export function useUpcomingQuery<Data, Variables extends AnyVariables = AnyVariables>(
  feature: Feature,
  args: Omit<UseQueryArgs<Variables, Data>, 'query'> & { query: string },
) {
  const availability = useFeature(feature);
  const [result, reexecute] = useQuery<Data, Variables>({
    requestPolicy: 'cache-and-network',
    ...(args as UseQueryArgs<Variables, Data>),
    pause: args.pause || availability === 'unavailable',
  });
  const notAvailable = isNotAvailable(result.error);
  useEffect(() => {
    if (notAvailable) features.mark(feature, 'unavailable');
    else if (result.data) features.mark(feature, 'available');
  }, [notAvailable, result.data, feature]);
  return {
    ...result,
    error: notAvailable ? undefined : result.error,
    unavailable: availability === 'unavailable' || notAvailable,
    reexecute,
  };
}
