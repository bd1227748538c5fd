/**
 * The network namespace type keeps the contract every type keeps (@nsproxy/testkit).
 */
import { testNamespaceType, toyUserType } from '@nsproxy/testkit';
import { netNamespaceType } from './index.ts';

testNamespaceType({ type: netNamespaceType, with: [toyUserType] });
