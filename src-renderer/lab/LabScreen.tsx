/** The authorizer lab: test suites with their run matrix, the cache inspector and failure injection. */
import { CachePanel } from './CachePanel';
import { FaultPanel } from './FaultPanel';
import { SuitePanel } from './SuitePanel';

export function LabScreen() {
  return (
    <div className="screen" data-testid="lab-screen">
      <div className="screen-head">
        <h1>Authorizer lab</h1>
      </div>
      <SuitePanel />
      <CachePanel />
      <FaultPanel />
    </div>
  );
}
