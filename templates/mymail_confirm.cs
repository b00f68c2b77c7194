<?cs include:"header.cs" ?>
<section class="login-box">
  <h1><?cs var:Lang.mymail.title ?></h1>
  <?cs if:Confirm.email ?>
  <p class="notice mymail-confirmed" role="status"><?cs var:Lang.mymail.confirmed ?> <strong><?cs var:Confirm.email ?></strong></p>
  <?cs else ?>
  <p class="notice" role="alert"><?cs var:Lang.reset.invalid ?></p>
  <?cs /if ?>
  <p><a href="<?cs var:Base.login ?>"><?cs var:Lang.reset.back ?></a></p>
</section>
<?cs include:"footer.cs" ?>
