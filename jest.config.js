// Tests are compiled by tsc first (npm test does it); jest runs the emitted ESM.
export default {
  testTimeout: 60000,
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/build/js/test/unit/**/*.test.js'], testEnvironment: 'node', transform: {} },
    { displayName: 'e2e', testMatch: ['<rootDir>/build/js/test/e2e/**/*.test.js'], testEnvironment: 'node', transform: {} },
  ],
};
