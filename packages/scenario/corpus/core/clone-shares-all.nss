@title: clone without CLONE_NEW* flags shares every namespace of the parent
# C5.1: no CLONE_NEW* bit, the child shares the parent's nsproxy; C3.2 the
# user namespace comes with the credentials; F1.14 the parent never changes.
@needs: user,pid,uts,ipc
init: clone a -                  => 2
a: ns uts                        => uts:1
a: ns ipc                        => ipc:1
a: ns user                       => user:1
a: ns pid                        => pid:1
a: ns pid_for_children           => pid:1
init: ns uts                     => uts:1
