@title: clone with uts gives the child a new uts namespace, the parent keeps its own
# C4.2: with CLONE_NEWUTS copy_utsname makes a new namespace; F1.14 namespace
# creation during clone happens in the child only.
@needs: uts
init: clone a uts                => 2
a: ns uts                        => uts:2
init: ns uts                     => uts:1
init: nsof a uts                 => uts:2
a: hostname                      => nsproxy   # Q2.1: a copy of the creator's names
