/** The testkit's conformance suite for the cgroup type. */
import { testNamespaceType, toyUserType } from '@nsproxy/testkit';
import { cgroupNamespaceType } from './index.ts';

testNamespaceType({ type: cgroupNamespaceType, with: [toyUserType] });
