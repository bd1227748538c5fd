@title: unshare user moves the caller itself into a new user namespace
# F2.12: unshare(CLONE_NEWUSER) gives the caller new credentials in a new ns;
# children cloned after it are born there.
@needs: user
init: clone a -                  => 2
a: unshare user                  => ok
a: ns user                       => user:2
init: ns user                    => user:1
a: clone b -                     => 3
b: ns user                       => user:2
