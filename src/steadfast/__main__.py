from steadfast.cli import main

main()
