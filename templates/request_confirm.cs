<?cs include:"header.cs" ?>
<section class="login-box">
  <h1><?cs var:Lang.request.title ?></h1>
  <?cs if:Request.confirmed ?>
  <p class="notice request-confirmed" role="status"><?cs var:Lang.request.confirmed ?> <strong><?cs var:Request.org ?></strong></p>
  <?cs else ?>
  <p class="notice request-invalid" role="alert"><?cs var:Lang.request.invalid ?></p>
  <?cs /if ?>
  <p><a href="<?cs var:Base.login ?>"><?cs var:Lang.reset.back ?></a></p>
</section>
<?cs include:"footer.cs" ?>
