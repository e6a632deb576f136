import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { csrfHeader, sessionExpired } from './auth';

// urql's document cache: results are cached per query and variables, and a
// mutation invalidates every cached query whose result holds a type the
// mutation returned (queries list extra types with additionalTypenames).
export function makeClient(url = '/graphql'): Client {
  return new Client({
    url,
    exchanges: [
      mapExchange({
        onError(error) {
          const status = (error.response as Response | undefined)?.status;
          if (status === 401) sessionExpired();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
    fetchOptions: () => ({ credentials: 'same-origin', headers: csrfHeader() }),
  });
}
