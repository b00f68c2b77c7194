<?cs include:"header.cs" ?>
<?cs uvar:Cal.grid ?>
<?cs include:"footer.cs" ?>
