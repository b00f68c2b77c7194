<?cs include:"header.cs" ?>
<section class="error-page">
  <h1><?cs var:ErrorPage.status ?></h1>
  <p class="message"><?cs var:ErrorPage.message ?></p>
  <p><a href="<?cs var:Base.calendar ?>"><?cs var:Lang.error.back ?></a></p>
</section>
<?cs include:"footer.cs" ?>
