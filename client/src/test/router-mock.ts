// Unit tests only: the App Router's navigation, recorded instead of performed.

export const router = {
  push: jest.fn(),
  replace: jest.fn(),
  refresh: jest.fn(),
  back: jest.fn(),
  forward: jest.fn(),
  prefetch: jest.fn(),
};

export function resetRouter() {
  for (const fn of Object.values(router)) fn.mockReset();
}
