@title: setns with nstype 0 (any) joins the namespace the file names
# C8.2: nstype 0 is replaced by the file's own type.
@needs: uts
init: clone a uts                => 2
a: sethostname alpha             => ok
init: clone b -                  => 3
b: setns a uts any               => ok
b: ns uts                        => uts:2
b: hostname                      => alpha
init: ns uts                     => uts:1
