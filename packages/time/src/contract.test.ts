/**
 * The time namespace type keeps the contract every type keeps (@nsproxy/testkit).
 */
import { testNamespaceType, toyUserType } from '@nsproxy/testkit';
import { timeNamespaceType } from './index.ts';

testNamespaceType({ type: timeNamespaceType, with: [toyUserType] });
