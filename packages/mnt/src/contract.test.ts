/**
 * The mount namespace type keeps the contract every type keeps (@nsproxy/testkit).
 */
import { testNamespaceType, toyUserType } from '@nsproxy/testkit';
import { mntNamespaceType } from './index.ts';

testNamespaceType({ type: mntNamespaceType, with: [toyUserType] });
