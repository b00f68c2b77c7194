<!DOCTYPE html>
<html lang="<?cs var:Lang.code ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Page.title ?> – Wagenbuch</title>
<link rel="stylesheet" href="<?cs var:Base.static ?>/css/wagenbuch.css">
<link rel="stylesheet" href="<?cs var:Base.static ?>/css/grid.css">
<?cs if:Page.ownstyle ?><link rel="stylesheet" href="<?cs var:Page.ownstyle ?>"><?cs /if ?>
<script src="<?cs var:Base.static ?>/js/wagenbuch.js" defer></script>
</head>
<body class="page-<?cs var:Page.name ?>">
<header class="top">
  <a class="brand" href="<?cs var:Base.calendar ?>">Wagenbuch</a>
  <?cs if:User.login ?>
  <nav class="nav" aria-label="<?cs var:Lang.nav.label ?>">
    <a href="<?cs var:Base.calendar ?>"><?cs var:Lang.nav.calendar ?></a>
    <a href="<?cs var:Base.calendar ?>/mine"><?cs var:Lang.nav.mine ?></a>
    <?cs if:User.admin == 1 ?>
    <a href="<?cs var:Base.admin ?>"><?cs var:Lang.nav.admin ?></a>
    <a href="<?cs var:Base.export ?>"><?cs var:Lang.nav.export ?></a>
    <a href="<?cs var:Base.market ?>"><?cs var:Lang.nav.market ?></a>
    <?cs /if ?>
    <a href="<?cs var:Base.login ?>/password"><?cs var:Lang.nav.password ?></a>
    <form class="logout" method="post" action="<?cs var:Base.login ?>/logout">
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <button type="submit"><?cs var:Lang.nav.logout ?></button>
    </form>
  </nav>
  <p class="who"><span class="login"><?cs var:User.login ?></span> · <?cs var:Org.name ?></p>
  <?cs /if ?>
</header>
<main id="main">
