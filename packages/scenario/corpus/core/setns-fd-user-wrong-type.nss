@title: setns on a user ns file with nstype uts is EINVAL and changes nothing
# C8.2: nstype must be 0 or the file's own type, whatever the file is.
@needs: user,uts
init: clone a user               => 2
init: clone b -                  => 3
b: open a user fa                => ok
b: setns-fd fa uts               => EINVAL
b: ns user                       => user:1
b: ns uts                        => uts:1
b: setns-fd fa user              => ok
b: ns user                       => user:2
